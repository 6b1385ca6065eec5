/**
 * Bounds pushed nudges (MX webhooks): a key passes once per window. The poller
 * stays the source of truth, so a nudge that is held back costs only latency;
 * one that passes costs an upstream status call. In-process here; across
 * instances the scale-out module shares the windows through Redis.
 */
export interface NudgeLimiter {
  /** True when `key` has not passed within the last `windowMs`; then it has now. */
  tryPass(key: string, windowMs: number): Promise<boolean>;
}

/** Expired windows are dropped every this many calls, so the map stays as small as the active keys. */
const SWEEP_EVERY = 1024;

export class InMemoryNudgeLimiter implements NudgeLimiter {
  private readonly until = new Map<string, number>();
  private calls = 0;

  constructor(private readonly now: () => number = Date.now) {}

  tryPass(key: string, windowMs: number): Promise<boolean> {
    const now = this.now();
    if (++this.calls % SWEEP_EVERY === 0) {
      for (const [k, end] of this.until) if (end <= now) this.until.delete(k);
    }
    const end = this.until.get(key);
    if (end !== undefined && end > now) return Promise.resolve(false);
    this.until.set(key, now + windowMs);
    return Promise.resolve(true);
  }
}
