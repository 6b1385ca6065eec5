/**
 * One poll loop's hold on its member's poll ownership (a Redis lease with
 * scale-out; always granted in one process): acquire or renew before each poll,
 * release when the loop stops. It reports, and calls nothing back: the loop
 * decides what gaining the ownership means.
 */
import type { LogSink } from "../observability/logger.js";
import type { PollOwnership } from "./ports.js";

export interface HoldAnswer {
  /** This instance may poll now. */
  owned: boolean;
  /** It was not the owner before: another instance may have polled until now. */
  gained: boolean;
}

export class OwnershipHold {
  private owned = false;

  constructor(
    private readonly key: string,
    private readonly ownership: PollOwnership,
    private readonly logger: LogSink,
  ) {}

  get isOwner(): boolean {
    return this.owned;
  }

  /** Acquires or renews; synchronous when the ownership answers synchronously (in-process). */
  hold(): HoldAnswer | Promise<HoldAnswer> {
    let answer: boolean | Promise<boolean>;
    try {
      answer = this.owned ? this.ownership.renew(this.key) : this.ownership.acquire(this.key);
    } catch (error) {
      return this.failed(error);
    }
    if (typeof answer === "boolean") return this.settle(answer);
    return answer.then(this.settle, this.failed);
  }

  /** Releases the ownership if held, then leaves the member's watchers. Never rejects. */
  async release(): Promise<void> {
    if (this.owned) {
      this.owned = false;
      await this.attempt("releasing poll ownership", () => this.ownership.release(this.key));
    }
    const leave = this.ownership.leave?.bind(this.ownership);
    if (leave) await this.attempt("leaving the member's watchers", () => leave(this.key));
  }

  private readonly settle = (owned: boolean): HoldAnswer => {
    if (owned !== this.owned) {
      this.logger.debug({ topic: this.key, owned }, "member status: poll ownership changed");
    }
    const gained = owned && !this.owned;
    this.owned = owned;
    return { owned, gained };
  };

  private readonly failed = (error: unknown): HoldAnswer => {
    this.logger.warn({ err: error, topic: this.key }, "member status: poll ownership check failed");
    this.owned = false;
    return { owned: false, gained: false };
  };

  private async attempt(what: string, action: () => void | Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.logger.warn({ err: error, topic: this.key }, `member status: ${what} failed`);
    }
  }
}
