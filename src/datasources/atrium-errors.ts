/**
 * The one table from upstream outcomes to the error codes clients see
 * (DESIGN.md "Error codes"). No GraphQL imports: the GraphQL layer turns an
 * AtriumError (a ServiceError) into a GraphQLError with the same code.
 */
import type { ServiceErrorCode } from "../domain/error-codes.js";
import { ServiceError, type ServiceErrorDetails } from "../domain/service-error.js";

export type AtriumErrorCode = ServiceErrorCode;
export type AtriumErrorDetails = ServiceErrorDetails;

/** What the client was doing, because the same status means different things per call. */
export type AtriumOperationKind = "read" | "identify" | "resume" | "aggregate";

/** A typed failure of an upstream call (or of the data source's checks around one). */
export class AtriumError extends ServiceError {
  override readonly name: string = "AtriumError";
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
