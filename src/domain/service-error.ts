/**
 * A failure with a client-visible code, raised below the GraphQL layer: by the
 * upstream client (`AtriumError`, a subclass), the data source's own checks, or
 * the live-status machinery (a status bus that is down). The GraphQL layer
 * turns it into a GraphQLError with the same code. `message` is safe to show to
 * clients; `details.cause` is for logs only.
 */
import type { ServiceErrorCode } from "./error-codes.js";

const CLIENT_MESSAGES: Record<ServiceErrorCode, string> = {
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

export interface ServiceErrorDetails {
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

export class ServiceError extends Error {
  override readonly name: string = "ServiceError";
  readonly code: ServiceErrorCode;
  readonly details: ServiceErrorDetails;

  constructor(code: ServiceErrorCode, details: ServiceErrorDetails = {}, message = CLIENT_MESSAGES[code]) {
    super(message);
    this.code = code;
    this.details = details;
  }
}
