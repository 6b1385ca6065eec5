/**
 * How long a poll lease lasts. Long enough that a renewal every third of it
 * survives a slow Redis round trip; short enough that a dead owner's members
 * are taken over quickly (within two lease periods).
 */

/** Shortest default lease: below this, a GC pause or a slow Redis could cost the lease. */
export const MIN_DEFAULT_LEASE_MS = 2000;

/** Default `POLL_LEASE_MS`: three poll intervals, at least 2 s. */
export function defaultLeaseMs(pollIntervalMs: number): number {
  return Math.max(3 * pollIntervalMs, MIN_DEFAULT_LEASE_MS);
}
