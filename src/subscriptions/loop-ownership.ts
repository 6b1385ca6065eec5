/**
 * One loop's hold on its member's poll ownership: acquire or renew before each
 * poll, release when the loop stops. Kept out of the loop so the loop reads as
 * "when to poll and what to publish"; the lease itself is the PollOwnership's.
 */
import type { PollOwnership } from "./poll-ownership.js";
import type { PollerLogger } from "./poller-logger.js";

export class LoopOwnership {
  /** This instance holds the poll ownership of the member (always, in-process). */
  private owned = false;

  constructor(
    private readonly key: string,
    private readonly ownership: PollOwnership,
    private readonly logger: PollerLogger,
    /** Called when ownership is gained (not on renewals): another instance may have polled until now. */
    private readonly onGained: () => void,
  ) {}

  get isOwner(): boolean {
    return this.owned;
  }

  /**
   * Acquires (or renews) the right to poll. Not the owner: another instance polls
   * and publishes on the shared bus; the loop asks again later. In-process
   * ownership answers synchronously, so the poll starts without an extra tick.
   */
  hold(): boolean | Promise<boolean> {
    let answer: boolean | Promise<boolean>;
    try {
      answer = this.owned ? this.ownership.renew(this.key) : this.ownership.acquire(this.key);
    } catch (error) {
      return this.failed(error);
    }
    if (typeof answer === "boolean") return this.setOwner(answer);
    return answer.then(this.setOwner, this.failed);
  }

  /** Releases ownership if held, then leaves the watchers of the key. Never rejects. */
  async release(): Promise<void> {
    if (this.owned) {
      this.owned = false;
      await this.attempt("releasing poll ownership", () => this.ownership.release(this.key));
    }
    const leave = this.ownership.leave?.bind(this.ownership);
    if (leave) await this.attempt("leaving the member's watchers", () => leave(this.key));
  }

  private readonly setOwner = (owned: boolean): boolean => {
    if (owned !== this.owned) {
      this.logger.debug({ topic: this.key, owned }, "member status: poll ownership changed");
    }
    const gained = owned && !this.owned;
    this.owned = owned;
    if (gained) this.onGained();
    return owned;
  };

  private readonly failed = (error: unknown): boolean => {
    this.logger.warn({ err: error, topic: this.key }, "member status: poll ownership check failed");
    this.owned = false;
    return false;
  };

  private async attempt(what: string, action: () => void | Promise<void>): Promise<void> {
    try {
      await action();
    } catch (error) {
      this.logger.warn({ err: error, topic: this.key }, `member status: ${what} failed`);
    }
  }
}
