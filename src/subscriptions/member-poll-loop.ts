/**
 * One member's poll loop, shared by every subscriber of that (user, member). It
 * decides when to poll, turns readings into messages and publishes them; who
 * subscribes is the poller's business, how messages travel is the bus's, and
 * the rules (cadence, failures, changes) are poll-rules.ts's.
 *
 * Invariants:
 * - at most one poll in flight: the next is scheduled only once the last settled;
 * - after `stop()` nothing is scheduled, the poll in flight is aborted and its
 *   result ignored;
 * - subscribers see the first status, then only changes, and a failure only once
 *   it has persisted for `errorThreshold` polls;
 * - on a shared bus (several instances) only the ownership holder polls; a loop
 *   that gains the ownership continues from the bus's last message, so a
 *   takeover publishes changes only, not a repeat of the current status.
 */
import { toStatusView, type MemberStatusView } from "../domain/member-status-rules.js";
import type { LogSink } from "../observability/logger.js";
import type { MemberStatusMessage } from "./member-status-message.js";
import { OwnershipHold } from "./ownership-hold.js";
import type {
  Clock,
  PollerMetrics,
  PollOwnership,
  StatusEventBus,
  StatusSource,
  TimerHandle,
} from "./ports.js";
import {
  adoptLastMessage,
  classifyPollFailure,
  delayAfterFailure,
  delayAfterReading,
  nothingSeen,
  publishAfterFailure,
  publishAfterReading,
  type Cadence,
} from "./poll-rules.js";

/** Everything loops share; one object for all loops of a poller. */
export interface PollLoopSettings {
  source: StatusSource;
  bus: StatusEventBus;
  ownership: PollOwnership;
  clock: Clock;
  logger: LogSink;
  metrics: PollerMetrics;
  cadence: Cadence;
  errorThreshold: number;
  maxBackoffMs: number;
}

/** Next delay in ms, or `undefined` to stop polling (terminal outcome or loop stopped). */
type NextDelay = number | undefined;

export class MemberPollLoop {
  // Scheduling: at most one of `timer` and `inFlight` is set.
  private timer: TimerHandle | undefined;
  private abortController: AbortController | undefined;
  private inFlight: Promise<void> | undefined;
  /** A nudge or timer came during a poll: poll again as soon as it settles. */
  private pollAgain = false;
  private stopped = false;
  private stopping: Promise<void> | undefined;
  private readonly ownership: OwnershipHold;
  /** Clock time before which upstream asked us not to call again (Retry-After). */
  private notBefore = 0;
  private firstTick = true;
  /** What subscribers last saw, for change detection (poll-rules.ts decides). */
  private readonly seen = nothingSeen();

  constructor(
    readonly userGuid: string,
    readonly memberGuid: string,
    /** The bus topic; also the loop's ownership key. */
    readonly topic: string,
    private readonly settings: PollLoopSettings,
    /** How many local subscribers a publish reaches (for the deliveries metric). */
    private readonly audience: () => number,
  ) {
    this.ownership = new OwnershipHold(topic, settings.ownership, settings.logger);
  }

  get hasTimer(): boolean {
    return this.timer !== undefined;
  }

  get isPolling(): boolean {
    return this.inFlight !== undefined;
  }

  /** This instance polls the member (always true in-process once the first poll began). */
  get isOwner(): boolean {
    return this.ownership.isOwner;
  }

  /** Polls at once (if it gets the ownership), then keeps polling until `stop()`. */
  start(): void {
    this.pollNow();
  }

  /**
   * Poll now (a mutation changed the member). During a poll, polls again right
   * after it instead of overlapping; during a Retry-After wait, when it ends.
   */
  nudge(): void {
    if (this.stopped) return;
    if (this.inFlight) {
      this.pollAgain = true;
      return;
    }
    const wait = this.notBefore - this.settings.clock.now();
    if (wait > 0) this.schedule(wait);
    else this.pollNow();
  }

  /** Stops for good; resolves once the aborted poll settled and ownership is released. Never rejects. */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopped = true;
      this.cancelTimer();
      this.abortController?.abort();
      this.stopping = this.settleAndRelease();
    }
    return this.stopping;
  }

  private async settleAndRelease(): Promise<void> {
    // `inFlight` never rejects (see pollNow).
    if (this.inFlight) await this.inFlight;
    await this.ownership.release();
  }

  private pollNow(): void {
    this.cancelTimer();
    const controller = new AbortController();
    this.abortController = controller;
    // `.then` callbacks run later, so `inFlight` is set before `afterPoll` clears it.
    this.inFlight = this.pollOnce(controller.signal).then(this.afterPoll).catch(this.onUnexpectedError);
  }

  private readonly afterPoll = (delayMs: NextDelay): void => {
    this.inFlight = undefined;
    this.abortController = undefined;
    if (this.stopped || delayMs === undefined) return;
    if (this.pollAgain) {
      this.pollAgain = false;
      this.nudge();
    } else {
      this.schedule(delayMs);
    }
  };

  private readonly onUnexpectedError = (error: unknown): void => {
    // pollOnce catches everything; this is a bug, so say so loudly rather than stall silently.
    this.inFlight = undefined;
    this.abortController = undefined;
    this.settings.logger.error({ err: error, topic: this.topic }, "member status: poll loop failed");
  };

  private schedule(delayMs: number): void {
    this.cancelTimer();
    this.timer = this.settings.clock.setTimeout(this.onTimer, delayMs);
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    if (this.stopped) return;
    if (this.inFlight) this.pollAgain = true;
    else this.pollNow();
  };

  private cancelTimer(): void {
    if (this.timer === undefined) return;
    this.settings.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** One tick: check ownership, read, publish what changed. Never rejects. */
  private async pollOnce(signal: AbortSignal): Promise<NextDelay> {
    if (this.firstTick) {
      this.firstTick = false;
      // A shared bus first reads its stored message, so a loop that gains the ownership
      // at once continues from what subscribers elsewhere already saw.
      const shared = this.settleShared();
      if (shared) await shared;
    }
    const held = this.ownership.hold();
    // In-process ownership answers synchronously: no extra tick before the poll.
    const { owned, gained } = held instanceof Promise ? await held : held;
    if (gained) {
      // Another instance may have polled until now: continue from what subscribers saw.
      const shared = this.settleShared();
      if (shared) await shared;
    }
    if (this.stopped) return undefined;
    if (!owned) return this.settings.cadence.intervalMs;

    this.settings.metrics.pollTick();
    let view: MemberStatusView;
    try {
      const reading = await this.settings.source.readStatus(this.userGuid, this.memberGuid, signal);
      if (this.stopped) return undefined;
      view = toStatusView(reading);
    } catch (error) {
      if (this.stopped) return undefined;
      return this.onFailure(error);
    }
    return this.onStatus(view);
  }

  /** Takes the bus's last message as what subscribers last saw; synchronous on an in-process bus. */
  private settleShared(): Promise<void> | undefined {
    let last: ReturnType<StatusEventBus["last"]>;
    try {
      last = this.settings.bus.last(this.topic);
    } catch (error) {
      this.onLastError(error);
      return undefined;
    }
    if (last instanceof Promise) return last.then(this.adopt, this.onLastError);
    this.adopt(last);
    return undefined;
  }

  private readonly adopt = (last: MemberStatusMessage | undefined): void => {
    adoptLastMessage(this.seen, last);
  };

  private readonly onLastError = (error: unknown): void => {
    this.settings.logger.warn(
      { err: error, topic: this.topic },
      "member status: reading the last status failed",
    );
  };

  private onStatus(view: MemberStatusView): NextDelay {
    this.notBefore = 0;
    if (publishAfterReading(this.seen, view)) this.publish({ kind: "status", status: view });
    return delayAfterReading(view, this.settings.cadence);
  }

  private onFailure(error: unknown): NextDelay {
    const { logger, clock, cadence, maxBackoffMs, errorThreshold } = this.settings;
    const failure = classifyPollFailure(error);
    const code = failure.message.code;
    const publish = publishAfterFailure(this.seen, failure, errorThreshold);
    if (failure.terminal) {
      logger.info({ topic: this.topic, code }, "member status: member not found, polling stops");
      // Subscribers end on this message, and the last one to leave stops the loop.
      this.publish(failure.message);
      return undefined;
    }
    const { failures } = this.seen;
    const delayMs = delayAfterFailure(failures, cadence.intervalMs, maxBackoffMs, failure.retryAfterSeconds);
    if (failure.retryAfterSeconds !== undefined) {
      this.notBefore = clock.now() + failure.retryAfterSeconds * 1000;
    }
    logger.warn(
      { err: error, topic: this.topic, code, failures, delayMs },
      "member status: poll failed, retrying",
    );
    if (publish) this.publish(failure.message);
    return delayMs;
  }

  private publish(message: MemberStatusMessage): void {
    this.settings.metrics.delivered(this.audience());
    try {
      Promise.resolve(this.settings.bus.publish(this.topic, message)).catch(this.onPublishError);
    } catch (error) {
      this.onPublishError(error);
    }
  }

  private readonly onPublishError = (error: unknown): void => {
    this.settings.logger.error({ err: error, topic: this.topic }, "member status: publishing failed");
    // A shared bus may have carried nothing: compare the next reading with what subscribers last saw.
    void this.settleShared();
  };
}
