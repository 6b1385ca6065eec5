/**
 * Time behind an interface so the poller's cadence, backoff and teardown can be
 * tested with a manual clock instead of real waits.
 */

/** Opaque: only the clock that made a handle knows what it is (a Node Timeout, a number…). */
export type TimerHandle = object | number;

export interface Clock {
  /** Milliseconds since the epoch (only differences matter to the poller). */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * Real time. Timers are unref'd: a pending poll must not keep the process alive
 * on its own (the HTTP server's sockets do that; shutdown closes the poller).
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  // Only handles made by `systemClock.setTimeout` ever come back here.
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
