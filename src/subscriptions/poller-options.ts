/**
 * The poller's options, their defaults and their checks: what a poll loop gets
 * from them is one shared settings object.
 */
import { silentLog, type LogSink } from "../observability/logger.js";
import type { PollLoopSettings } from "./member-poll-loop.js";
import {
  inProcessOwnership,
  noopPollerMetrics,
  systemClock,
  type Clock,
  type NudgeChannel,
  type PollerMetrics,
  type PollOwnership,
  type StatusEventBus,
  type StatusSource,
} from "./ports.js";

export interface MemberStatusPollerOptions {
  /** Reads a member's status upstream (throws a `ServiceError`, e.g. an `AtriumError`). */
  source: StatusSource;
  /** Carries messages from loops to subscribers. Not closed by the poller: its creator owns it. */
  bus: StatusEventBus;
  /** Delay between polls while a job runs or the status is transient (`POLL_INTERVAL_MS`). */
  intervalMs: number;
  /** Delay between polls when the status is final and idle, or CHALLENGED (`POLL_IDLE_INTERVAL_MS`). */
  idleIntervalMs: number;
  /** Consecutive failed polls before subscribers get an error message. Default 3. */
  errorThreshold?: number;
  /** Upper bound of the backoff after failed polls (Retry-After may exceed it). Default 30000. */
  maxBackoffMs?: number;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: silent. */
  logger?: LogSink;
  /** Default: none recorded. */
  metrics?: PollerMetrics;
  /** Events kept per subscriber that is not keeping up; older ones are dropped. Default 16. */
  bufferSize?: number;
  /** Which instance polls a member. Default: this process polls every member (no coordination). */
  ownership?: PollOwnership;
  /** Carries nudges to the instance that polls a member. Default: none (one process). */
  nudges?: NudgeChannel;
}

export interface PollerStats {
  loops: number;
  /** Started subscriptions (a subscription starts on its first `next()`). */
  subscriptions: number;
  /** Loops waiting on a timer for their next poll. */
  timers: number;
  /** Polls not yet settled, including those of stopped loops. */
  inFlight: number;
}

export const DEFAULT_ERROR_THRESHOLD = 3;
export const DEFAULT_MAX_BACKOFF_MS = 30_000;

/** What a client sees when a subscription is refused because the shared bus is down. */
export const BUS_UNAVAILABLE_MESSAGE = "Live status updates are unavailable right now; try again shortly.";

/** Checks the options and fills in the defaults. Throws RangeError on a bad number. */
export function loopSettingsFrom(options: MemberStatusPollerOptions): PollLoopSettings {
  const errorThreshold = options.errorThreshold ?? DEFAULT_ERROR_THRESHOLD;
  const maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  requirePositive("intervalMs", options.intervalMs);
  requirePositive("idleIntervalMs", options.idleIntervalMs);
  requirePositive("maxBackoffMs", maxBackoffMs);
  if (!Number.isInteger(errorThreshold) || errorThreshold < 1) {
    throw new RangeError(`errorThreshold must be a positive integer, got ${errorThreshold}`);
  }
  return {
    source: options.source,
    bus: options.bus,
    ownership: options.ownership ?? inProcessOwnership,
    clock: options.clock ?? systemClock,
    logger: options.logger ?? silentLog,
    metrics: options.metrics ?? noopPollerMetrics,
    cadence: { intervalMs: options.intervalMs, idleIntervalMs: options.idleIntervalMs },
    errorThreshold,
    maxBackoffMs,
  };
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number, got ${value}`);
}
