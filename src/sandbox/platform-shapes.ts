// The Platform API's (v20111101) shapes of the sandbox's Atrium-shaped wire objects (PLATFORM.md,
// MX's openapi/v20111101.yml schemas MemberResponse, MemberStatusResponse, ChallengeResponse,
// AccountOwnerResponse, AccountNumberResponse, UserResponse): `id` for the partner identifier, no job
// `status`, and the fields the Platform API adds. One store, two views.
import type { MemberRecord } from "./store.js";
import type {
  WireAccountNumber,
  WireAccountOwner,
  WireChallenge,
  WireMember,
  WireUser,
} from "./wire-types.js";

type Json = Record<string, unknown>;

/** `connection_status_message` texts, after MX's connection-status guide (sandbox wording). */
const STATUS_MESSAGES: Readonly<Record<string, string>> = {
  CREATED: "Connecting to the institution...",
  CONNECTED: "Connected to the institution.",
  CHALLENGED: "The institution requires more information to connect.",
  RESUMED: "Answers received, connecting...",
  DENIED: "The credentials entered do not match those at the institution.",
  REJECTED: "The answer to the multi-factor challenge was not accepted.",
  EXPIRED: "The multi-factor challenge expired before it was answered.",
  LOCKED: "The account is locked at the institution.",
  IMPEDED: "The institution requires the user to take action on its website.",
  DISABLED: "Aggregation is disabled for this member.",
  DEGRADED: "The institution is experiencing problems; connecting may fail.",
  FAILED: "The connection to the institution failed.",
};

export function connectionStatusMessage(connectionStatus: string): string | null {
  return STATUS_MESSAGES[connectionStatus] ?? null;
}

/** A user: `identifier` → `id`. */
export function platformUser(user: WireUser): Json {
  const { identifier, ...rest } = user;
  return { ...rest, email: null, id: identifier };
}

/** A member: `identifier` → `id`, no `status`, the Platform API's extra fields. */
export function platformMember(member: WireMember, userId: string | null): Json {
  const { identifier, status: _jobStatus, ...rest } = member;
  return {
    ...rest,
    background_aggregation_is_disabled: false,
    connection_status_message: connectionStatusMessage(member.connection_status),
    id: identifier,
    institution_guid: `INS-${member.institution_code}`,
    is_managed_by_user: false,
    is_manual: false,
    most_recent_job_detail_code: null,
    most_recent_job_detail_text: null,
    needs_updated_credentials: member.connection_status === "DENIED",
    oauth_window_uri: null,
    user_id: userId,
  };
}

/** A challenge: options and image options carry a `guid` on the Platform API (stable per challenge). */
export function platformChallenge(challenge: WireChallenge): Json {
  const { options, image_options: imageOptions, ...rest } = challenge;
  const withGuids = <T extends object>(items: T[]): Array<T & { guid: string }> =>
    items.map((o, i) => ({ guid: `${challenge.guid}-${i + 1}`, ...o }));
  return {
    ...rest,
    ...(imageOptions ? { image_options: withGuids(imageOptions) } : {}),
    ...(options ? { options: withGuids(options) } : {}),
  };
}

/** `GET …/status`: no `status`; `has_processed_account_numbers`; challenges inline when CHALLENGED. */
export function platformStatus(record: MemberRecord): Json {
  const m = record.member;
  return {
    aggregated_at: m.aggregated_at,
    ...(m.connection_status === "CHALLENGED" ? { challenges: record.challenges.map(platformChallenge) } : {}),
    connection_status: m.connection_status,
    guid: m.guid,
    has_processed_account_numbers: record.visibility.accountNumbers,
    has_processed_accounts: record.hasProcessedAccounts,
    has_processed_transactions: record.hasProcessedTransactions,
    is_authenticated: record.isAuthenticated,
    is_being_aggregated: m.is_being_aggregated,
    successfully_aggregated_at: m.successfully_aggregated_at,
  };
}

/** An account owner: `first_name` / `last_name` beside `owner_name`. */
export function platformOwner(owner: WireAccountOwner): Json {
  const [first = "", ...rest] = owner.owner_name.split(" ");
  return { ...owner, first_name: first || null, last_name: rest.join(" ") || null };
}

/** An account number with the Platform API's loan and validation fields. */
export function platformAccountNumber(number: WireAccountNumber): Json {
  return {
    ...number,
    loan_guarantor: null,
    loan_reference_number: null,
    passed_validation: true,
    sequence_number: null,
  };
}
