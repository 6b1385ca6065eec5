/**
 * The member status poller: one poll loop per (user, member), shared by all its
 * subscribers, started by the first and stopped by the last (DESIGN.md "Shared
 * poller", "Subscription hygiene"). Transport-agnostic: graphql-ws wiring lives
 * elsewhere and only sees `subscribe`, `nudge` and `close`.
 *
 * A loop's key holds the user guid: the status endpoint is under
 * `/users/{user_guid}/…`, and a loop must never poll a member under a user that
 * did not subscribe to it.
 */
import { AtriumError } from "../datasources/atrium-errors.js";
import { systemClock, type Clock } from "./clock.js";
import { MemberPollLoop, type PollLoopSettings } from "./member-poll-loop.js";
import type { MemberStatusMessage } from "./member-status-message.js";
import { MemberStatusSubscription, type SubscriptionHost } from "./member-status-subscription.js";
import type { NudgeChannel } from "./nudge-channel.js";
import { inProcessOwnership, type PollOwnership } from "./poll-ownership.js";
import { silentLogger, type PollerLogger } from "./poller-logger.js";
import { noopPollerMetrics, type PollerMetrics } from "./poller-metrics.js";
import type { StatusEventBus } from "./status-event-bus.js";
import type { StatusSource } from "./status-source.js";
import { memberStatusTopic } from "./topics.js";

export interface MemberStatusPollerOptions {
  /** Reads a member's status upstream (throws `AtriumError`). */
  source: StatusSource;
  /** Carries messages from loops to subscribers. Not closed by the poller: its creator owns it. */
  bus: StatusEventBus;
  /** Delay between polls while a job runs or the status is transient (`POLL_INTERVAL_MS`). */
  intervalMs: number;
  /** Delay between polls when the status is final and idle, or CHALLENGED (`POLL_IDLE_INTERVAL_MS`). */
  idleIntervalMs: number;
  /** Consecutive failed polls before subscribers get an error message. Default 3. */
  errorThreshold?: number;
  /** Upper bound of the backoff after failed polls (Retry-After may exceed it). Default 30000. */
  maxBackoffMs?: number;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: silent. */
  logger?: PollerLogger;
  /** Default: none recorded. */
  metrics?: PollerMetrics;
  /** Events kept per subscriber that is not keeping up; older ones are dropped. Default 16. */
  bufferSize?: number;
  /** Which instance polls a member. Default: this process polls every member (no coordination). */
  ownership?: PollOwnership;
  /** Carries nudges to the instance that polls a member. Default: none (one process). */
  nudges?: NudgeChannel;
}

export interface PollerStats {
  loops: number;
  /** Started subscriptions (a subscription starts on its first `next()`). */
  subscriptions: number;
  /** Loops waiting on a timer for their next poll. */
  timers: number;
  /** Polls not yet settled, including those of stopped loops. */
  inFlight: number;
}

export const DEFAULT_ERROR_THRESHOLD = 3;
export const DEFAULT_MAX_BACKOFF_MS = 30_000;

/** What a client sees when a subscription is refused because the shared bus is down. */
export const BUS_UNAVAILABLE_MESSAGE = "Live status updates are unavailable right now; try again shortly.";

export class MemberStatusPoller implements SubscriptionHost {
  private readonly loops = new Map<string, MemberPollLoop>();
  /** Stopped loops whose last poll or ownership release has not settled yet. */
  private readonly settling = new Set<Promise<void>>();
  private readonly settings: PollLoopSettings;
  private readonly bufferSize: number | undefined;
  private subscriptionCount = 0;
  private closed = false;
  private readonly nudges: NudgeChannel | undefined;
  private readonly unlistenNudges: (() => void) | undefined;

  constructor(options: MemberStatusPollerOptions) {
    const errorThreshold = options.errorThreshold ?? DEFAULT_ERROR_THRESHOLD;
    const maxBackoffMs = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
    requirePositive("intervalMs", options.intervalMs);
    requirePositive("idleIntervalMs", options.idleIntervalMs);
    requirePositive("maxBackoffMs", maxBackoffMs);
    if (!Number.isInteger(errorThreshold) || errorThreshold < 1) {
      throw new RangeError(`errorThreshold must be a positive integer, got ${errorThreshold}`);
    }
    this.bufferSize = options.bufferSize;
    this.settings = {
      source: options.source,
      bus: options.bus,
      ownership: options.ownership ?? inProcessOwnership,
      clock: options.clock ?? systemClock,
      logger: options.logger ?? silentLogger,
      metrics: options.metrics ?? noopPollerMetrics,
      cadence: { intervalMs: options.intervalMs, idleIntervalMs: options.idleIntervalMs },
      errorThreshold,
      maxBackoffMs,
    };
    this.nudges = options.nudges;
    // Another instance handled a mutation: if this one polls the member, poll now.
    this.unlistenNudges = this.nudges?.listen((topic) => this.loops.get(topic)?.nudge());
  }

  /**
   * The member's status events: the current status at once (or the first poll's),
   * then only changes. Lazy: nothing is registered and nothing polled until the
   * first `next()`. `return()` (client complete, socket closed) releases the loop
   * reference; a NOT_FOUND error is delivered and then the iterator ends.
   * Throws UPSTREAM_UNAVAILABLE at once while a shared bus is down: such a
   * subscription would wait for events that cannot come.
   */
  subscribe(userGuid: string, memberGuid: string): AsyncIterableIterator<MemberStatusMessage> {
    if (this.settings.bus.isAvailable?.() === false) {
      this.settings.logger.debug({ userGuid, memberGuid }, "member status: subscription refused, bus down");
      throw new AtriumError(
        "UPSTREAM_UNAVAILABLE",
        { cause: "status bus unavailable" },
        BUS_UNAVAILABLE_MESSAGE,
      );
    }
    return new MemberStatusSubscription(userGuid, memberGuid, this, this.bufferSize).iterator;
  }

  /**
   * Poll this member now, if anyone watches it (mutations call this). No-op
   * otherwise. With a nudge channel, the instance polling it is told unless it is this one.
   */
  nudge(userGuid: string, memberGuid: string): void {
    const topic = memberStatusTopic(userGuid, memberGuid);
    const loop = this.loops.get(topic);
    loop?.nudge();
    if (!this.nudges || loop?.isOwner) return;
    try {
      Promise.resolve(this.nudges.send(topic)).catch(this.onNudgeError);
    } catch (error) {
      this.onNudgeError(error);
    }
  }

  hasLoop(userGuid: string, memberGuid: string): boolean {
    return this.loops.has(memberStatusTopic(userGuid, memberGuid));
  }

  stats(): PollerStats {
    let timers = 0;
    let inFlight = this.settling.size;
    for (const loop of this.loops.values()) {
      if (loop.hasTimer) timers++;
      if (loop.isPolling) inFlight++;
    }
    return { loops: this.loops.size, subscriptions: this.subscriptionCount, timers, inFlight };
  }

  /**
   * Stops every loop and ends every iterator (`{done: true}`); resolves once polls
   * in flight have settled. Later subscriptions end at once. Does not close the bus.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.unlistenNudges?.();
    for (const loop of [...this.loops.values()]) {
      // Ending the last subscriber stops the loop (detach).
      for (const subscription of [...loop.subscribers]) subscription.iterator.close();
    }
    await Promise.all(this.settling);
  }

  /** @internal First `next()` of a subscription: register on the topic, take a loop reference. */
  attach(subscription: MemberStatusSubscription): void {
    if (this.closed) {
      subscription.iterator.end();
      return;
    }
    const { userGuid, memberGuid } = subscription;
    const topic = memberStatusTopic(userGuid, memberGuid);
    // First, so that if the bus throws there is nothing to undo.
    subscription.unsubscribe = this.settings.bus.subscribe(topic, subscription.receive);

    let loop = this.loops.get(topic);
    const isNewLoop = loop === undefined;
    if (!loop) {
      loop = new MemberPollLoop(userGuid, memberGuid, topic, this.settings);
      this.loops.set(topic, loop);
      this.settings.metrics.activeLoops(this.loops.size);
    }
    subscription.loop = loop;
    loop.subscribers.add(subscription);
    this.subscriptionCount++;
    this.settings.metrics.activeSubscriptions(this.subscriptionCount);

    if (loop.lastMessage) subscription.receive(loop.lastMessage);
    if (isNewLoop) loop.start();
  }

  /** @internal The iterator closed, however: release everything, exactly once. */
  detach(subscription: MemberStatusSubscription): void {
    const unsubscribe = subscription.unsubscribe;
    subscription.unsubscribe = undefined;
    unsubscribe?.();

    const loop = subscription.loop;
    subscription.loop = undefined;
    if (!loop?.subscribers.delete(subscription)) return;
    this.subscriptionCount--;
    this.settings.metrics.activeSubscriptions(this.subscriptionCount);
    if (loop.subscribers.size === 0) this.stopLoop(loop);
  }

  private readonly onNudgeError = (error: unknown): void => {
    // The owner still polls on its own cadence: the change is seen, only later.
    this.settings.logger.warn({ err: error }, "member status: sending a nudge to other instances failed");
  };

  private stopLoop(loop: MemberPollLoop): void {
    if (this.loops.get(loop.topic) === loop) {
      this.loops.delete(loop.topic);
      this.settings.metrics.activeLoops(this.loops.size);
    }
    const stopped = loop.stop();
    this.settling.add(stopped);
    // stop() never rejects.
    void stopped.then(() => this.settling.delete(stopped));
  }
}

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number, got ${value}`);
}
