// Atrium's JSON shapes as they travel over the wire (snake_case), field sets per ATRIUM.md
// "Resources and endpoints" and the sample bodies of atrium-evidence.md §7. Keys are listed in
// alphabetical order, the order MX's own samples use.

/** `{"user": …}` (ATRIUM.md, `POST /users`). */
export interface WireUser {
  guid: string;
  identifier: string | null;
  is_disabled: boolean;
  metadata: string | null;
}

/** `{"institution": …}` (ATRIUM.md, `GET /institutions`). */
export interface WireInstitution {
  code: string;
  medium_logo_url: string;
  name: string;
  small_logo_url: string;
  supports_account_identification: boolean;
  supports_account_statement: boolean;
  supports_account_verification: boolean;
  supports_transaction_history: boolean;
  url: string;
}

/** One item of `{"credentials": […]}` (ATRIUM.md, `GET /institutions/{code}/credentials`). */
export interface WireCredential {
  display_order: number;
  field_name: string;
  guid: string;
  label: string;
  type: "LOGIN" | "PASSWORD";
}

/** The Member resource (ATRIUM.md "Member"). */
export interface WireMember {
  aggregated_at: string | null;
  connection_status: string;
  guid: string;
  identifier: string | null;
  institution_code: string;
  is_being_aggregated: boolean;
  is_oauth: boolean;
  metadata: string | null;
  name: string;
  status: string | null;
  successfully_aggregated_at: string | null;
  user_guid: string;
}

/** `options` item of an OPTIONS challenge. */
export interface WireChallengeOption {
  label: string;
  value: string;
}

/** `image_options` item of an IMAGE_OPTIONS challenge. */
export interface WireChallengeImageOption {
  data_uri: string;
  label: string;
  value: string;
}

/** An MFA challenge (ATRIUM.md "Challenge"); `options` / `image_data` / `image_options` only for their types. */
export interface WireChallenge {
  field_name: string;
  guid: string;
  image_data?: string;
  image_options?: WireChallengeImageOption[];
  label: string;
  options?: WireChallengeOption[];
  type: "TEXT" | "OPTIONS" | "TOKEN" | "IMAGE_DATA" | "IMAGE_OPTIONS";
}

/** `GET …/status` body; `challenges` only while `connection_status` is `CHALLENGED`. */
export interface WireMemberStatus {
  aggregated_at: string | null;
  challenges?: WireChallenge[];
  connection_status: string;
  guid: string;
  has_processed_accounts: boolean;
  has_processed_transactions: boolean;
  is_authenticated: boolean;
  is_being_aggregated: boolean;
  status: string | null;
  successfully_aggregated_at: string | null;
}

/** The Account resource: the field set of the docs sample (evidence §7) plus `account_number`. */
export interface WireAccount {
  account_number: string;
  apr: number | null;
  apy: number | null;
  available_balance: number | null;
  available_credit: number | null;
  balance: number;
  created_at: string;
  credit_limit: number | null;
  currency_code: string;
  day_payment_is_due: number | null;
  guid: string;
  institution_code: string;
  interest_rate: number | null;
  is_closed: boolean;
  last_payment: number | null;
  last_payment_at: string | null;
  matures_on: string | null;
  member_guid: string;
  minimum_balance: number | null;
  minimum_payment: number | null;
  name: string;
  original_balance: number | null;
  payment_due_at: string | null;
  payoff_balance: number | null;
  started_on: string | null;
  subtype: string | null;
  total_account_value: number | null;
  type: string;
  updated_at: string;
  user_guid: string;
}

/** The AccountOwner resource (ATRIUM.md `account_owners`). */
export interface WireAccountOwner {
  account_guid: string;
  address: string;
  city: string;
  country: string;
  email: string;
  guid: string;
  member_guid: string;
  owner_name: string;
  phone: string;
  postal_code: string;
  state: string;
  user_guid: string;
}

/** The AccountNumber resource (ATRIUM.md `account_numbers`); US accounts carry no institution/transit number. */
export interface WireAccountNumber {
  account_guid: string;
  account_number: string;
  guid: string;
  institution_number: string | null;
  member_guid: string;
  routing_number: string;
  transit_number: string | null;
  user_guid: string;
}

/** The Transaction resource: the docs sample's field set (evidence §7) plus `merchant_guid` (ATRIUM.md). */
export interface WireTransaction {
  account_guid: string;
  amount: number;
  category: string;
  check_number: number | null;
  check_number_string: string | null;
  created_at: string;
  currency_code: string;
  date: string;
  description: string;
  guid: string;
  is_bill_pay: boolean;
  is_direct_deposit: boolean;
  is_expense: boolean;
  is_fee: boolean;
  is_income: boolean;
  is_international: boolean;
  is_overdraft_fee: boolean;
  is_payroll_advance: boolean;
  latitude: number | null;
  longitude: number | null;
  member_guid: string;
  memo: string | null;
  merchant_category_code: number | null;
  merchant_guid: string | null;
  original_description: string;
  posted_at: string | null;
  status: "POSTED" | "PENDING";
  top_level_category: string;
  transacted_at: string;
  type: "DEBIT" | "CREDIT";
  updated_at: string;
  user_guid: string;
}

/** `pagination` object of every paged list (ATRIUM.md "Transport"). */
export interface WirePagination {
  current_page: number;
  per_page: number;
  total_entries: number;
  total_pages: number;
}
