/**
 * One member's poll loop, shared by every subscriber of that (user, member). It
 * decides when to poll, turns readings into messages and publishes them; who
 * subscribes is the poller's business, how messages travel is the bus's.
 *
 * Invariants:
 * - at most one poll in flight: the next is scheduled only once the last settled;
 * - after `stop()` nothing is scheduled and a late result is ignored;
 * - subscribers see the first status, then only changes, and a failure only once
 *   it has persisted for `errorThreshold` polls.
 *
 * On a shared bus (several instances, DESIGN.md "Scale-out") a loop lives on every
 * instance with local subscribers, but only the ownership holder polls: the loop
 * mirrors the bus (`lastMessage`) so that a late local subscriber, or this loop
 * taking over the polling, continues from what subscribers last saw.
 */
import { toStatusView, type MemberStatusView } from "../domain/member-status-rules.js";
import { BusMirror } from "./bus-mirror.js";
import type { Clock, TimerHandle } from "./clock.js";
import { LoopOwnership } from "./loop-ownership.js";
import { isTerminalMessage, type MemberStatusMessage } from "./member-status-message.js";
import type { MemberStatusSubscription } from "./member-status-subscription.js";
import { classifyPollFailure } from "./poll-failure.js";
import type { PollOwnership } from "./poll-ownership.js";
import { delayAfterFailure, delayAfterReading, type Cadence } from "./poll-schedule.js";
import type { PollerLogger } from "./poller-logger.js";
import type { PollerMetrics } from "./poller-metrics.js";
import { sameStatus } from "./status-change.js";
import type { StatusEventBus } from "./status-event-bus.js";
import type { StatusSource } from "./status-source.js";

/** Everything loops share; one object for all loops of a poller. */
export interface PollLoopSettings {
  source: StatusSource;
  bus: StatusEventBus;
  ownership: PollOwnership;
  clock: Clock;
  logger: PollerLogger;
  metrics: PollerMetrics;
  cadence: Cadence;
  errorThreshold: number;
  maxBackoffMs: number;
}

/** Next delay in ms, or `undefined` to stop polling (terminal outcome or loop stopped). */
type NextDelay = number | undefined;

export class MemberPollLoop {
  /** Local subscribers holding a reference on this loop; the poller adds and removes them. */
  readonly subscribers = new Set<MemberStatusSubscription>();
  /** Last message this loop published (in-process bus; see `lastMessage`). */
  private published: MemberStatusMessage | undefined;

  private timer: TimerHandle | undefined;
  private abortController: AbortController | undefined;
  private inFlight: Promise<void> | undefined;
  /** A nudge came during a poll: poll again as soon as it settles. */
  private pollAgain = false;
  private stopped = false;
  private stopping: Promise<void> | undefined;
  private readonly ownership: LoopOwnership;
  /** Set when the bus is shared by several instances (it can replay). */
  private readonly mirror: BusMirror | undefined;
  /** Last status published, for change detection. */
  private lastStatus: MemberStatusView | undefined;
  private failures = 0;
  private errorPublished = false;
  /** Clock time before which upstream asked us not to call again (Retry-After). */
  private notBefore = 0;

  constructor(
    readonly userGuid: string,
    readonly memberGuid: string,
    /** The bus topic; also the loop's key and its ownership key. */
    readonly topic: string,
    private readonly settings: PollLoopSettings,
  ) {
    const { bus } = settings;
    this.mirror = bus.replay ? new BusMirror(bus, topic, settings.logger) : undefined;
    this.ownership = new LoopOwnership(topic, settings.ownership, settings.logger, this.adoptSharedState);
  }

  /**
   * Last message published (on a shared bus: the last one the bus carried, from
   * any instance), handed at once to a subscriber that joins later.
   */
  get lastMessage(): MemberStatusMessage | undefined {
    return this.mirror ? this.mirror.last : this.published;
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
    this.mirror?.start();
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

  /**
   * Stops for good: clears the timer, aborts the poll in flight (its result is
   * ignored) and releases ownership. Resolves once that poll settled; never rejects.
   */
  stop(): Promise<void> {
    if (!this.stopping) {
      this.stopped = true;
      this.cancelTimer();
      this.abortController?.abort();
      this.mirror?.stop();
      this.stopping = this.settleAndRelease();
    }
    return this.stopping;
  }

  private async settleAndRelease(): Promise<void> {
    // `inFlight` never rejects (see pollNow).
    if (this.inFlight) await this.inFlight;
    await this.ownership.release();
  }

  /**
   * Gaining the ownership on a shared bus: another instance may have polled until
   * now, so continue from what subscribers last saw; a takeover then publishes
   * only changes, not a repeat of the current status.
   */
  private readonly adoptSharedState = (): void => {
    const last = this.mirror?.last;
    if (!last) return;
    if (last.kind === "status") {
      this.lastStatus = last.status;
      this.errorPublished = false;
    } else if (!isTerminalMessage(last)) {
      // Subscribers last saw an error: the next good reading is sent even if unchanged.
      this.errorPublished = true;
    }
  };

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
    const { cadence } = this.settings;
    // The replay (first tick only) settles first, so a loop that gains the ownership
    // at once adopts what subscribers elsewhere already saw.
    const replaying = this.mirror?.takeReplay();
    if (replaying) await replaying;
    const ownership = this.ownership.hold();
    // In-process ownership answers synchronously: no extra tick before the poll.
    const owned = typeof ownership === "boolean" ? ownership : await ownership;
    if (this.stopped) return undefined;
    if (!owned) return cadence.intervalMs;

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

  private onStatus(view: MemberStatusView): NextDelay {
    // After published errors, the status is sent even if unchanged: clients see recovery.
    const recovering = this.errorPublished;
    this.failures = 0;
    this.errorPublished = false;
    this.notBefore = 0;
    if (recovering || this.lastStatus === undefined || !sameStatus(this.lastStatus, view)) {
      this.lastStatus = view;
      this.publish({ kind: "status", status: view });
    }
    return delayAfterReading(view, this.settings.cadence);
  }

  private onFailure(error: unknown): NextDelay {
    const { logger, clock, cadence, maxBackoffMs, errorThreshold } = this.settings;
    const failure = classifyPollFailure(error);
    const code = failure.message.code;
    if (failure.terminal) {
      logger.info({ topic: this.topic, code }, "member status: member not found, polling stops");
      // Subscribers end on this message, and the last one to leave stops the loop.
      this.publish(failure.message);
      return undefined;
    }
    this.failures++;
    const delayMs = delayAfterFailure(
      this.failures,
      cadence.intervalMs,
      maxBackoffMs,
      failure.retryAfterSeconds,
    );
    if (failure.retryAfterSeconds !== undefined) {
      this.notBefore = clock.now() + failure.retryAfterSeconds * 1000;
    }
    logger.warn(
      { err: error, topic: this.topic, code, failures: this.failures, delayMs },
      "member status: poll failed, retrying",
    );
    if (this.failures >= errorThreshold && !this.errorPublished) {
      this.errorPublished = true;
      this.publish(failure.message);
    }
    return delayMs;
  }

  private publish(message: MemberStatusMessage): void {
    // On a shared bus `observe` sets it when the message comes back, so a subscriber
    // joining meanwhile does not get it twice (once here, once from the bus).
    if (!this.mirror) this.published = message;
    this.settings.metrics.delivered(this.subscribers.size);
    try {
      const published = this.settings.bus.publish(this.topic, message);
      Promise.resolve(published).catch(this.onPublishError);
    } catch (error) {
      this.onPublishError(error);
    }
  }

  private readonly onPublishError = (error: unknown): void => {
    this.settings.logger.error({ err: error, topic: this.topic }, "member status: publishing failed");
    // Shared bus: nobody got it; compare the next reading with what subscribers last saw instead.
    this.adoptSharedState();
  };
}
