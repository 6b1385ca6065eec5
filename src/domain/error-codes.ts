/**
 * Every `extensions.code` a client can see (DESIGN.md "Error codes"), written
 * once; the subsets the data source, the status bus and the GraphQL layer use
 * are derived from it.
 */
export const ERROR_CODES = [
  "UNAUTHENTICATED",
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "IDENTIFICATION_NOT_SUPPORTED",
  "IDENTIFICATION_NOT_ENABLED",
  "AGGREGATION_IN_PROGRESS",
  "MFA_NOT_PENDING",
  "UPSTREAM_RATE_LIMITED",
  "RATE_LIMITED",
  "UPSTREAM_UNAVAILABLE",
  "UPSTREAM_AUTH_FAILED",
  "QUERY_TOO_COMPLEX",
  "SUBSCRIPTION_LIMIT_EXCEEDED",
  "INTERNAL_SERVER_ERROR",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes that come from upstream outcomes and the data source's own checks. */
export type ServiceErrorCode = Exclude<
  ErrorCode,
  "UNAUTHENTICATED" | "QUERY_TOO_COMPLEX" | "SUBSCRIPTION_LIMIT_EXCEEDED" | "INTERNAL_SERVER_ERROR"
>;

/** Codes a memberStatus subscriber can receive in an error event. */
export const STATUS_EVENT_ERROR_CODES = [
  "NOT_FOUND",
  "UPSTREAM_UNAVAILABLE",
  "UPSTREAM_RATE_LIMITED",
  "UPSTREAM_AUTH_FAILED",
] as const satisfies readonly ServiceErrorCode[];
export type StatusEventErrorCode = (typeof STATUS_EVENT_ERROR_CODES)[number];
