/**
 * Each user's share of the upstream (Apollo Router's traffic shaping, per
 * user): at most `concurrency` of their requests in flight at once (the rest
 * wait their turn, within their operation's deadline) and `ratePerSecond`
 * after a burst of `burst` (past it: RATE_LIMITED at once; the burst covers a
 * query of the largest allowed cost). One user's flood then queues
 * behind itself and cannot take the whole socket pool from the others.
 */
import { AtriumError } from "./atrium-errors.js";

export interface UserUpstreamBudgetOptions {
  concurrency: number;
  ratePerSecond: number;
  burst: number;
  now?: () => number;
}

const MAX_TRACKED_USERS = 10_000;

interface UserState {
  active: number;
  waiting: Array<() => void>;
  tokens: number;
  refilledAt: number;
}

export class UserUpstreamBudget {
  private readonly users = new Map<string, UserState>();
  private readonly now: () => number;

  constructor(private readonly options: UserUpstreamBudgetOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Waits for one of the user's slots (until `deadlineAt`) after taking a rate
   * token; resolves with the function that gives the slot back.
   */
  async acquire(userGuid: string, deadlineAt: number): Promise<() => void> {
    const state = this.stateOf(userGuid);
    this.takeToken(state);
    // A released slot is handed straight to the next waiter, so `active` never passes the limit.
    if (state.active < this.options.concurrency) state.active++;
    else await this.waitTurn(state, deadlineAt);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = state.waiting.shift();
      if (next) next();
      else state.active--;
    };
  }

  private takeToken(state: UserState): void {
    const now = this.now();
    const rate = this.options.ratePerSecond;
    state.tokens = Math.min(this.options.burst, state.tokens + ((now - state.refilledAt) / 1000) * rate);
    state.refilledAt = now;
    if (state.tokens < 1) {
      throw new AtriumError("RATE_LIMITED", {
        cause: "per-user upstream rate exceeded",
        retryAfterSeconds: Math.max(1, Math.ceil((1 - state.tokens) / rate)),
      });
    }
    state.tokens -= 1;
  }

  private waitTurn(state: UserState, deadlineAt: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const turn = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(
        () => {
          const index = state.waiting.indexOf(turn);
          if (index >= 0) state.waiting.splice(index, 1);
          reject(
            new AtriumError("UPSTREAM_UNAVAILABLE", { cause: "deadline passed waiting for a user slot" }),
          );
        },
        Math.max(0, deadlineAt - this.now()),
      );
      state.waiting.push(turn);
    });
  }

  private stateOf(userGuid: string): UserState {
    if (this.users.size >= MAX_TRACKED_USERS) this.forgetIdle();
    let state = this.users.get(userGuid);
    if (!state) {
      state = { active: 0, waiting: [], tokens: this.options.burst, refilledAt: this.now() };
      this.users.set(userGuid, state);
    }
    return state;
  }

  /** Users with nothing in flight and a full bucket again lose nothing by being forgotten. */
  private forgetIdle(): void {
    const fullAfterMs = (this.options.burst / this.options.ratePerSecond) * 1000;
    for (const [userGuid, state] of this.users) {
      if (state.active === 0 && this.now() - state.refilledAt >= fullAfterMs) this.users.delete(userGuid);
    }
  }
}
