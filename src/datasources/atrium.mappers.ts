/**
 * Wire (snake_case JSON) → domain (camelCase) objects, with the checks that turn
 * a malformed upstream body into a MalformedBodyError instead of `undefined`
 * reaching a GraphQL response.
 */
import {
  CHALLENGE_TYPES,
  type Account,
  type AccountNumber,
  type AccountOwner,
  type ChallengeTypeValue,
  type Institution,
  type Member,
  type MemberStatusReading,
  type MfaChallenge,
  type MfaOption,
  type PageInfo,
  type Transaction,
} from "../domain/types.js";
import type { WireList, WireObject, WirePagination } from "./atrium.wire.js";
import { isConnectionStatus } from "../domain/member-status-rules.js";

/** The body did not have the shape Atrium documents. `message` names the field, for logs. */
export class MalformedBodyError extends Error {
  override readonly name = "MalformedBodyError";
}

const KNOWN_CHALLENGE_TYPES: ReadonlySet<string> = new Set(CHALLENGE_TYPES);

function isObject(value: unknown): value is WireObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function requiredString(o: WireObject, key: string): string {
  const value = o[key];
  if (typeof value !== "string" || value === "") throw new MalformedBodyError(`missing string field ${key}`);
  return value;
}

function optionalString(o: WireObject, key: string): string | null {
  const value = o[key];
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new MalformedBodyError(`field ${key} is not a string`);
}

function optionalNumber(o: WireObject, key: string): number | null {
  const value = o[key];
  if (value === undefined || value === null) return null;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)))
    return Number(value);
  throw new MalformedBodyError(`field ${key} is not a number`);
}

function optionalBoolean(o: WireObject, key: string): boolean | null {
  const value = o[key];
  if (value === undefined || value === null) return null;
  if (typeof value === "boolean") return value;
  throw new MalformedBodyError(`field ${key} is not a boolean`);
}

function booleanOr(o: WireObject, key: string, fallback: boolean): boolean {
  return optionalBoolean(o, key) ?? fallback;
}

/** ISO 8601 with `Z` or an offset (ATRIUM.md "Transport"); an unparsable date is malformed. */
function optionalDate(o: WireObject, key: string): Date | null {
  const value = o[key];
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string") throw new MalformedBodyError(`field ${key} is not a date`);
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new MalformedBodyError(`field ${key} is not a date`);
  return date;
}

function connectionStatus(o: WireObject): Member["connectionStatus"] {
  const value = o["connection_status"];
  if (!isConnectionStatus(value)) throw new MalformedBodyError("unknown connection_status");
  return value;
}

/** `{"<root>": {...}}` → the object. */
export function unwrapObject(body: unknown, root: string): WireObject {
  if (!isObject(body) || !isObject(body[root])) throw new MalformedBodyError(`missing root object ${root}`);
  return body[root];
}

/** `{"<root>": [...], "pagination"?}` → items and pagination. */
export function unwrapList(body: unknown, root: string): WireList {
  if (!isObject(body)) throw new MalformedBodyError(`missing root list ${root}`);
  const items = body[root];
  if (!Array.isArray(items) || !items.every(isObject))
    throw new MalformedBodyError(`missing root list ${root}`);
  const pagination = body["pagination"];
  return { items, pagination: isObject(pagination) ? pagination : undefined };
}

export function toPageInfo(pagination: WirePagination | undefined, fallback: PageInfo): PageInfo {
  if (!pagination) return fallback;
  const o = pagination as WireObject;
  return {
    currentPage: optionalNumber(o, "current_page") ?? fallback.currentPage,
    perPage: optionalNumber(o, "per_page") ?? fallback.perPage,
    totalEntries: optionalNumber(o, "total_entries") ?? fallback.totalEntries,
    totalPages: optionalNumber(o, "total_pages") ?? fallback.totalPages,
  };
}

export function toMember(o: WireObject): Member {
  return {
    guid: requiredString(o, "guid"),
    userGuid: requiredString(o, "user_guid"),
    identifier: optionalString(o, "identifier"),
    name: optionalString(o, "name"),
    institutionCode: requiredString(o, "institution_code"),
    connectionStatus: connectionStatus(o),
    status: optionalString(o, "status"),
    isBeingAggregated: booleanOr(o, "is_being_aggregated", false),
    isOauth: booleanOr(o, "is_oauth", false),
    aggregatedAt: optionalDate(o, "aggregated_at"),
    successfullyAggregatedAt: optionalDate(o, "successfully_aggregated_at"),
    metadata: optionalString(o, "metadata"),
  };
}

function toOptions(value: unknown, key: string): MfaOption[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new MalformedBodyError(`${key} is not a list`);
  return value.map((item) => {
    if (!isObject(item)) throw new MalformedBodyError(`${key} item is not an object`);
    return {
      label: optionalString(item, "label") ?? "",
      value: requiredString(item, "value"),
      dataUri: optionalString(item, "data_uri"),
    };
  });
}

export function toChallenge(o: WireObject): MfaChallenge {
  const type = requiredString(o, "type");
  if (!KNOWN_CHALLENGE_TYPES.has(type)) throw new MalformedBodyError("unknown challenge type");
  return {
    guid: requiredString(o, "guid"),
    type: type as ChallengeTypeValue,
    label: optionalString(o, "label"),
    fieldName: optionalString(o, "field_name"),
    imageData: optionalString(o, "image_data"),
    options: toOptions(o["options"], "options"),
    imageOptions: toOptions(o["image_options"], "image_options"),
  };
}

export function toStatusReading(o: WireObject): MemberStatusReading {
  const challenges = o["challenges"];
  return {
    memberGuid: requiredString(o, "guid"),
    connectionStatus: connectionStatus(o),
    status: optionalString(o, "status"),
    isBeingAggregated: booleanOr(o, "is_being_aggregated", false),
    isAuthenticated: optionalBoolean(o, "is_authenticated"),
    hasProcessedAccounts: optionalBoolean(o, "has_processed_accounts"),
    hasProcessedTransactions: optionalBoolean(o, "has_processed_transactions"),
    aggregatedAt: optionalDate(o, "aggregated_at"),
    successfullyAggregatedAt: optionalDate(o, "successfully_aggregated_at"),
    challenges: Array.isArray(challenges) ? challenges.filter(isObject).map(toChallenge) : [],
  };
}

export function toAccount(o: WireObject): Account {
  return {
    guid: requiredString(o, "guid"),
    memberGuid: requiredString(o, "member_guid"),
    name: optionalString(o, "name"),
    type: optionalString(o, "type"),
    subtype: optionalString(o, "subtype"),
    balance: optionalNumber(o, "balance"),
    availableBalance: optionalNumber(o, "available_balance"),
    currencyCode: optionalString(o, "currency_code"),
  };
}

export function toAccountOwner(o: WireObject): AccountOwner {
  return {
    guid: requiredString(o, "guid"),
    accountGuid: requiredString(o, "account_guid"),
    memberGuid: requiredString(o, "member_guid"),
    ownerName: optionalString(o, "owner_name"),
    address: optionalString(o, "address"),
    city: optionalString(o, "city"),
    state: optionalString(o, "state"),
    postalCode: optionalString(o, "postal_code"),
    country: optionalString(o, "country"),
    email: optionalString(o, "email"),
    phone: optionalString(o, "phone"),
  };
}

export function toAccountNumber(o: WireObject): AccountNumber {
  return {
    guid: optionalString(o, "guid"),
    accountGuid: requiredString(o, "account_guid"),
    memberGuid: requiredString(o, "member_guid"),
    accountNumber: optionalString(o, "account_number"),
    routingNumber: optionalString(o, "routing_number"),
    institutionNumber: optionalString(o, "institution_number"),
    transitNumber: optionalString(o, "transit_number"),
  };
}

export function toTransaction(o: WireObject): Transaction {
  const amount = optionalNumber(o, "amount");
  if (amount === null) throw new MalformedBodyError("missing number field amount");
  return {
    guid: requiredString(o, "guid"),
    accountGuid: requiredString(o, "account_guid"),
    amount,
    description: optionalString(o, "description"),
    date: optionalString(o, "date"),
    postedAt: optionalDate(o, "posted_at"),
    status: optionalString(o, "status"),
    type: optionalString(o, "type"),
    category: optionalString(o, "category"),
  };
}

export function toInstitution(o: WireObject): Institution {
  return {
    code: requiredString(o, "code"),
    name: optionalString(o, "name") ?? requiredString(o, "code"),
    supportsAccountIdentification: booleanOr(o, "supports_account_identification", false),
    supportsAccountVerification: booleanOr(o, "supports_account_verification", false),
    supportsTransactionHistory: booleanOr(o, "supports_transaction_history", false),
  };
}
