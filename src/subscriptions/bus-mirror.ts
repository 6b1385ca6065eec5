/**
 * A loop's view of its topic on a shared bus (several instances, DESIGN.md
 * "Scale-out"): the last message the bus carried from any instance, starting with
 * the one the bus stored before this instance listened (pub/sub replays nothing).
 */
import type { MemberStatusMessage } from "./member-status-message.js";
import type { PollerLogger } from "./poller-logger.js";
import type { StatusEventBus } from "./status-event-bus.js";

export class BusMirror {
  /** Last message seen on the topic, or undefined before the first. */
  last: MemberStatusMessage | undefined;
  private unobserve: (() => void) | undefined;
  private replaying: Promise<void> | undefined;

  constructor(
    /** A shared bus: one with `replay`. */
    private readonly bus: StatusEventBus,
    private readonly topic: string,
    private readonly logger: PollerLogger,
  ) {}

  /** Listens on the topic and asks the bus to replay its stored last message to local listeners. */
  start(): void {
    this.unobserve = this.bus.subscribe(this.topic, this.observe);
    this.replaying = this.bus.replay?.(this.topic).catch(this.onReplayError);
  }

  /** The first call resolves once the replay settled (never rejects); later calls return undefined. */
  takeReplay(): Promise<void> | undefined {
    const replaying = this.replaying;
    this.replaying = undefined;
    return replaying;
  }

  stop(): void {
    this.unobserve?.();
    this.unobserve = undefined;
  }

  private readonly observe = (message: MemberStatusMessage): void => {
    this.last = message;
  };

  private readonly onReplayError = (error: unknown): void => {
    this.logger.warn({ err: error, topic: this.topic }, "member status: replaying the last status failed");
  };
}
