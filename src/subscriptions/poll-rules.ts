/**
 * The poll rules, as pure functions so they are tested without a loop: when the
 * next poll happens (cadence and backoff, from MX's Connect widget, DESIGN.md
 * "Shared poller"), what a failed poll means for subscribers, what counts as a
 * change, and so what is worth publishing.
 */
import { ServiceError } from "../domain/service-error.js";
import type { MfaChallenge, MfaOption } from "../domain/types.js";
import type { MemberStatusView } from "../domain/member-status-rules.js";
import {
  isTerminalMessage,
  type MemberStatusErrorCode,
  type MemberStatusErrorMessage,
  type MemberStatusMessage,
} from "./member-status-message.js";

// ---- cadence ----

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

// ---- failures ----
// Only the error's code is used: messages are this table's, never upstream text,
// bodies or stack traces.

export interface PollFailure {
  /** The member is gone: publish at once and stop polling. */
  terminal: boolean;
  message: MemberStatusErrorMessage;
  /** Upstream's Retry-After, to wait at least that long before the next poll. */
  retryAfterSeconds?: number;
}

// ServiceError's default message for a code is its client-safe text.
const CLIENT_MESSAGES: Record<MemberStatusErrorCode, string> = {
  NOT_FOUND: new ServiceError("NOT_FOUND").message,
  UPSTREAM_UNAVAILABLE: new ServiceError("UPSTREAM_UNAVAILABLE").message,
  UPSTREAM_RATE_LIMITED: new ServiceError("UPSTREAM_RATE_LIMITED").message,
  UPSTREAM_AUTH_FAILED: new ServiceError("UPSTREAM_AUTH_FAILED").message,
};

/** Anything but these codes (including non-Atrium errors) reads as "unavailable". */
function codeFor(error: unknown): MemberStatusErrorCode {
  if (error instanceof ServiceError) {
    switch (error.code) {
      case "NOT_FOUND":
      case "UPSTREAM_RATE_LIMITED":
      case "UPSTREAM_AUTH_FAILED":
        return error.code;
      default:
        return "UPSTREAM_UNAVAILABLE";
    }
  }
  return "UPSTREAM_UNAVAILABLE";
}

export function classifyPollFailure(error: unknown): PollFailure {
  const code = codeFor(error);
  const message: MemberStatusErrorMessage = { kind: "error", code, message: CLIENT_MESSAGES[code] };
  const retryAfterSeconds = error instanceof ServiceError ? error.details.retryAfterSeconds : undefined;
  if (code === "UPSTREAM_RATE_LIMITED" && retryAfterSeconds !== undefined) {
    message.retryAfterSeconds = retryAfterSeconds;
  }
  const failure: PollFailure = { terminal: code === "NOT_FOUND", message };
  if (retryAfterSeconds !== undefined) failure.retryAfterSeconds = retryAfterSeconds;
  return failure;
}

// ---- changes ----
// Compared after the view is computed (DESIGN.md: drop identical readings after
// the state is computed, not before), field by field, so no JSON is built per poll.

export function sameStatus(a: MemberStatusView, b: MemberStatusView): boolean {
  return (
    a.memberGuid === b.memberGuid &&
    a.connectionStatus === b.connectionStatus &&
    a.status === b.status &&
    a.isBeingAggregated === b.isBeingAggregated &&
    a.isAuthenticated === b.isAuthenticated &&
    a.hasProcessedAccounts === b.hasProcessedAccounts &&
    a.hasProcessedTransactions === b.hasProcessedTransactions &&
    a.isFinal === b.isFinal &&
    a.needsUserAction === b.needsUserAction &&
    a.userMessage === b.userMessage &&
    sameInstant(a.aggregatedAt, b.aggregatedAt) &&
    sameInstant(a.successfullyAggregatedAt, b.successfullyAggregatedAt) &&
    sameList(a.challenges, b.challenges, sameChallenge)
  );
}

/** Timestamps compare as their ISO strings would: same millisecond, same instant. */
function sameInstant(a: Date | null, b: Date | null): boolean {
  if (a === null || b === null) return a === b;
  const x = a.getTime();
  const y = b.getTime();
  // Two invalid dates are the same "nothing"; NaN !== NaN would republish every poll.
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}

function sameChallenge(a: MfaChallenge, b: MfaChallenge): boolean {
  return (
    a.guid === b.guid &&
    a.type === b.type &&
    a.label === b.label &&
    a.fieldName === b.fieldName &&
    a.imageData === b.imageData &&
    sameList(a.options, b.options, sameOption) &&
    sameList(a.imageOptions, b.imageOptions, sameOption)
  );
}

function sameOption(a: MfaOption, b: MfaOption): boolean {
  return a.label === b.label && a.value === b.value && a.dataUri === b.dataUri;
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!same(a[i] as T, b[i] as T)) return false;
  }
  return true;
}

// ---- what to publish ----

/** What subscribers of one member last saw; the decisions below read and update it. */
export interface SeenBySubscribers {
  status: MemberStatusView | undefined;
  /** Consecutive failed polls. */
  failures: number;
  /** The last message subscribers got is an error (they must see the recovery). */
  errorShown: boolean;
}

export const nothingSeen = (): SeenBySubscribers => ({ status: undefined, failures: 0, errorShown: false });

/**
 * A good reading: publish it when it differs from what subscribers saw, or
 * after an error (so they see the recovery, even if unchanged).
 */
export function publishAfterReading(seen: SeenBySubscribers, view: MemberStatusView): boolean {
  const publish = seen.errorShown || seen.status === undefined || !sameStatus(seen.status, view);
  seen.failures = 0;
  seen.errorShown = false;
  if (publish) seen.status = view;
  return publish;
}

/**
 * A failed poll: publish the member's disappearance at once, any other failure
 * only once it has persisted for `threshold` polls, and only once.
 */
export function publishAfterFailure(
  seen: SeenBySubscribers,
  failure: PollFailure,
  threshold: number,
): boolean {
  if (failure.terminal) return true;
  seen.failures++;
  if (seen.failures < threshold || seen.errorShown) return false;
  seen.errorShown = true;
  return true;
}

/** Another instance polled until now (shared bus): continue from the message it last published. */
export function adoptLastMessage(seen: SeenBySubscribers, last: MemberStatusMessage | undefined): void {
  if (!last) return;
  if (last.kind === "status") {
    seen.status = last.status;
    seen.errorShown = false;
  } else if (!isTerminalMessage(last)) {
    seen.errorShown = true;
  }
}
