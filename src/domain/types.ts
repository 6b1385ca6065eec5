/**
 * Domain types returned by the Atrium data source: camelCase versions of Atrium's
 * snake_case wire objects (ATRIUM.md "Resources and endpoints"). Optional upstream
 * values are `null`, never `undefined`, so GraphQL never sees a missing field.
 */

export type ConnectionStatusValue =
  | "PENDING"
  | "PREVENTED"
  | "DENIED"
  | "CHALLENGED"
  | "REJECTED"
  | "LOCKED"
  | "CONNECTED"
  | "IMPEDED"
  | "RECONNECTED"
  | "DEGRADED"
  | "DISCONNECTED"
  | "DISCONTINUED"
  | "CLOSED"
  | "DELAYED"
  | "FAILED"
  | "UPDATED"
  | "DISABLED"
  | "IMPORTED"
  | "RESUMED"
  | "EXPIRED"
  | "IMPAIRED"
  | "CREATED";

/** Atrium's MFA challenge types (ATRIUM.md "Challenge"), written once. */
export const CHALLENGE_TYPES = ["TEXT", "OPTIONS", "TOKEN", "IMAGE_DATA", "IMAGE_OPTIONS"] as const;
export type ChallengeTypeValue = (typeof CHALLENGE_TYPES)[number];

export interface Institution {
  code: string;
  name: string;
  supportsAccountIdentification: boolean;
  supportsAccountVerification: boolean;
  supportsTransactionHistory: boolean;
}

export interface MfaOption {
  label: string;
  value: string;
  dataUri: string | null;
}

export interface MfaChallenge {
  guid: string;
  type: ChallengeTypeValue;
  label: string | null;
  fieldName: string | null;
  imageData: string | null;
  options: MfaOption[];
  imageOptions: MfaOption[];
}

export interface Member {
  guid: string;
  userGuid: string;
  identifier: string | null;
  name: string | null;
  institutionCode: string;
  connectionStatus: ConnectionStatusValue;
  status: string | null;
  isBeingAggregated: boolean;
  isOauth: boolean;
  aggregatedAt: Date | null;
  successfullyAggregatedAt: Date | null;
  metadata: string | null;
}

/** One reading of `GET .../status`, with the challenges when CHALLENGED. */
export interface MemberStatusReading {
  memberGuid: string;
  connectionStatus: ConnectionStatusValue;
  status: string | null;
  isBeingAggregated: boolean;
  isAuthenticated: boolean | null;
  hasProcessedAccounts: boolean | null;
  hasProcessedTransactions: boolean | null;
  aggregatedAt: Date | null;
  successfullyAggregatedAt: Date | null;
  challenges: MfaChallenge[];
}

export interface Account {
  guid: string;
  memberGuid: string;
  name: string | null;
  type: string | null;
  subtype: string | null;
  balance: number | null;
  availableBalance: number | null;
  currencyCode: string | null;
}

export interface AccountOwner {
  guid: string;
  accountGuid: string;
  memberGuid: string;
  ownerName: string | null;
  address: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  email: string | null;
  phone: string | null;
}

export interface AccountNumber {
  guid: string | null;
  accountGuid: string;
  memberGuid: string;
  accountNumber: string | null;
  routingNumber: string | null;
  institutionNumber: string | null;
  transitNumber: string | null;
}

export interface Transaction {
  guid: string;
  accountGuid: string;
  amount: number;
  description: string | null;
  date: string | null;
  postedAt: Date | null;
  status: string | null;
  type: string | null;
  category: string | null;
}

export interface PageInfo {
  currentPage: number;
  perPage: number;
  totalEntries: number;
  totalPages: number;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: PageInfo;
}

/** Outcome of `POST .../identify`: 202 means a job was already running (not an error). */
export interface IdentifyResult {
  member: Member;
  alreadyRunning: boolean;
}

export interface MfaAnswer {
  challengeGuid: string;
  value: string;
}
