/**
 * A retry budget (Finagle's and Apollo Router's shape): retries may be at most
 * `ratio` of the requests of the last `windowMs`, plus a floor of
 * `minPerSecond`, so a failing upstream sees a bounded extra load instead of
 * every request multiplied by its retries.
 */
export interface RetryBudgetOptions {
  /** Share of requests that may be retried, default 0.2. */
  ratio?: number;
  /** Retries always allowed per second, default 10. */
  minPerSecond?: number;
  /** Default 10 s. */
  windowMs?: number;
  now?: () => number;
}

const BUCKETS = 10;

export class RetryBudget {
  private readonly ratio: number;
  private readonly floor: number;
  private readonly bucketMs: number;
  private readonly now: () => number;
  private readonly requests = new Array<number>(BUCKETS).fill(0);
  private readonly retries = new Array<number>(BUCKETS).fill(0);
  private current = 0;
  private currentStart = 0;

  constructor(options: RetryBudgetOptions = {}) {
    const windowMs = options.windowMs ?? 10_000;
    this.ratio = options.ratio ?? 0.2;
    this.floor = (options.minPerSecond ?? 10) * (windowMs / 1000);
    this.bucketMs = windowMs / BUCKETS;
    this.now = options.now ?? Date.now;
    this.currentStart = this.now();
  }

  /** Every first attempt deposits into the budget. */
  recordRequest(): void {
    this.advance();
    this.requests[this.current]!++;
  }

  /** True (and the retry is counted) when the budget allows one more retry now. */
  tryRetry(): boolean {
    this.advance();
    const retries = sum(this.retries);
    if (retries >= this.floor + this.ratio * sum(this.requests)) return false;
    this.retries[this.current]!++;
    return true;
  }

  private advance(): void {
    const now = this.now();
    let steps = Math.floor((now - this.currentStart) / this.bucketMs);
    if (steps <= 0) return;
    this.currentStart += steps * this.bucketMs;
    for (steps = Math.min(steps, BUCKETS); steps > 0; steps--) {
      this.current = (this.current + 1) % BUCKETS;
      this.requests[this.current] = 0;
      this.retries[this.current] = 0;
    }
  }
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
