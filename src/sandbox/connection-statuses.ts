/**
 * Atrium's connection statuses (ATRIUM.md "Connection statuses"), in MX's id
 * order: for validating forced values, and the ids webhooks carry.
 */
export const CONNECTION_STATUSES: readonly string[] = [
  "CREATED",
  "PREVENTED",
  "DENIED",
  "CHALLENGED",
  "REJECTED",
  "LOCKED",
  "CONNECTED",
  "IMPEDED",
  "RECONNECTED",
  "DEGRADED",
  "DISCONNECTED",
  "DISCONTINUED",
  "CLOSED",
  "DELAYED",
  "FAILED",
  "UPDATED",
  "DISABLED",
  "IMPORTED",
  "RESUMED",
  "EXPIRED",
  "IMPAIRED",
  "PENDING",
];
