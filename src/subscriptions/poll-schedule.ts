/**
 * When the next poll happens: pure functions, so the cadence rules (taken from
 * MX's Connect widget, DESIGN.md "Shared poller") are tested without a loop.
 */
import type { MemberStatusView } from "../domain/member-status-rules.js";

export interface Cadence {
  /** While a job runs, or the status is a mid-job one. */
  intervalMs: number;
  /** When nothing will change without the user: final and idle, or CHALLENGED. */
  idleIntervalMs: number;
}

/** Statuses that appear mid-job and move on by themselves (MX's "processing" group). */
const MID_JOB_STATUSES: ReadonlySet<string> = new Set(["RESUMED", "UPDATED", "RECONNECTED", "DELAYED"]);

/**
 * Delay after a successful poll: fast while a job runs, slow otherwise.
 * CHALLENGED waits for the user's answer, and the answer's mutation nudges the
 * poller, so it needs no fast polling. An idle member that was never aggregated
 * (CREATED, not aggregating) may stay so for days: it is polled slowly too.
 */
export function delayAfterReading(view: MemberStatusView, cadence: Cadence): number {
  if (view.connectionStatus === "CHALLENGED") return cadence.idleIntervalMs;
  if (view.isBeingAggregated || MID_JOB_STATUSES.has(view.connectionStatus)) return cadence.intervalMs;
  return cadence.idleIntervalMs;
}

/**
 * Delay after the `failures`-th consecutive failed poll: `intervalMs`, then doubling,
 * capped at `maxBackoffMs`; never sooner than upstream's Retry-After.
 */
export function delayAfterFailure(
  failures: number,
  intervalMs: number,
  maxBackoffMs: number,
  retryAfterSeconds?: number,
): number {
  // The exponent is capped so 2 ** n cannot overflow into Infinity on long outages.
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const backoff = Math.min(maxBackoffMs, intervalMs * 2 ** exponent);
  const retryAfterMs =
    retryAfterSeconds !== undefined && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : 0;
  return Math.max(backoff, retryAfterMs);
}
