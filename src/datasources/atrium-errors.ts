/**
 * The one table from upstream outcomes to the error codes clients see
 * (DESIGN.md "Error codes"). No GraphQL imports: the GraphQL layer turns an
 * AtriumError into a GraphQLError with the same code.
 */

export type AtriumErrorCode =
  | "NOT_FOUND"
  | "IDENTIFICATION_NOT_SUPPORTED"
  | "IDENTIFICATION_NOT_ENABLED"
  | "AGGREGATION_IN_PROGRESS"
  | "MFA_NOT_PENDING"
  | "BAD_USER_INPUT"
  | "UPSTREAM_RATE_LIMITED"
  | "RATE_LIMITED"
  | "UPSTREAM_UNAVAILABLE"
  | "UPSTREAM_AUTH_FAILED";

/** What the client was doing, because the same status means different things per call. */
export type AtriumOperationKind = "read" | "identify" | "resume" | "aggregate";

const CLIENT_MESSAGES: Record<AtriumErrorCode, string> = {
  NOT_FOUND: "Not found.",
  IDENTIFICATION_NOT_SUPPORTED: "The member's institution does not support account owner identification.",
  IDENTIFICATION_NOT_ENABLED: "Account owner identification is not enabled for this client.",
  AGGREGATION_IN_PROGRESS: "Another aggregation-type job is running for this member; try again when it ends.",
  MFA_NOT_PENDING: "The member is not waiting for an MFA answer.",
  BAD_USER_INPUT: "The request was rejected as invalid.",
  UPSTREAM_RATE_LIMITED: "The bank-data service is rate limiting requests; try again later.",
  RATE_LIMITED: "Too many requests from this user; try again shortly.",
  UPSTREAM_UNAVAILABLE: "The bank-data service is unavailable; try again later.",
  UPSTREAM_AUTH_FAILED: "The server could not authenticate with the bank-data service.",
};

export interface AtriumErrorDetails {
  /** HTTP status from upstream, when one was received. */
  httpStatus?: number;
  /** Atrium's `X-Request-Id`, when upstream sent one. */
  upstreamRequestId?: string;
  retryAfterSeconds?: number;
  /** Route template, for logs (never the concrete path with guids). */
  route?: string;
  /** Why, for logs only; never shown to clients. */
  cause?: string;
}

/** A typed upstream failure. `message` is safe to show to clients; `details.cause` is not. */
export class AtriumError extends Error {
  override readonly name = "AtriumError";
  readonly code: AtriumErrorCode;
  readonly details: AtriumErrorDetails;

  constructor(code: AtriumErrorCode, details: AtriumErrorDetails = {}, message = CLIENT_MESSAGES[code]) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

/**
 * Maps a non-success upstream status to an error code. Returns `undefined` for
 * statuses that are results, not errors (2xx, and 202 on identify).
 * ATRIUM.md "Transport": branch on the status code only, never on the body.
 */
export function codeForStatus(status: number, kind: AtriumOperationKind): AtriumErrorCode | undefined {
  if (status >= 200 && status < 300) return undefined;
  switch (status) {
    case 400:
      // 400 on identify: the institution does not support identification (ATRIUM.md).
      if (kind === "identify") return "IDENTIFICATION_NOT_SUPPORTED";
      // 400 on resume: answers upstream could not use; we validate first, so this is rare.
      return kind === "resume" ? "BAD_USER_INPUT" : "UPSTREAM_UNAVAILABLE";
    case 401:
      return "UPSTREAM_AUTH_FAILED";
    case 403:
      return kind === "identify" ? "IDENTIFICATION_NOT_ENABLED" : "UPSTREAM_AUTH_FAILED";
    case 404:
      return "NOT_FOUND";
    case 405:
      // 405 on resume: the member is not CHALLENGED (atrium-evidence.md §2 row 21).
      return kind === "resume" ? "MFA_NOT_PENDING" : "UPSTREAM_UNAVAILABLE";
    case 409:
      return "AGGREGATION_IN_PROGRESS";
    case 422:
      return kind === "resume" ? "BAD_USER_INPUT" : "UPSTREAM_UNAVAILABLE";
    case 429:
      return "UPSTREAM_RATE_LIMITED";
    default:
      return "UPSTREAM_UNAVAILABLE";
  }
}
