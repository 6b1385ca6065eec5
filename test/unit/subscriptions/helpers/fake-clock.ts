/**
 * A manual clock for poller tests: time moves only on `advance`, which runs due
 * timers in order and lets the promises they start settle before going on.
 */
import type { Clock, TimerHandle } from "../../../../src/subscriptions/ports.js";

interface FakeTimer {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private nowMs = 0;
  private nextId = 1;
  private readonly timers = new Map<number, FakeTimer>();

  now(): number {
    return this.nowMs;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = { id: this.nextId++, at: this.nowMs + Math.max(0, ms), fn };
    this.timers.set(timer.id, timer);
    return timer.id;
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === "number") this.timers.delete(handle);
  }

  /** Timers set and not yet run or cleared. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Delays of the pending timers from now, soonest first. */
  pendingDelays(): number[] {
    return [...this.timers.values()].map((t) => t.at - this.nowMs).sort((a, b) => a - b);
  }

  /** Moves time forward by `ms`, running every timer that falls due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.nowMs + ms;
    await settle();
    for (;;) {
      const due = this.earliestDueBy(target);
      if (!due) break;
      this.timers.delete(due.id);
      this.nowMs = due.at;
      due.fn();
      await settle();
    }
    this.nowMs = target;
  }

  private earliestDueBy(target: number): FakeTimer | undefined {
    let earliest: FakeTimer | undefined;
    for (const timer of this.timers.values()) {
      if (timer.at > target) continue;
      if (!earliest || timer.at < earliest.at || (timer.at === earliest.at && timer.id < earliest.id)) {
        earliest = timer;
      }
    }
    return earliest;
  }
}

/** Lets every promise chain already started run to its next real wait. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
