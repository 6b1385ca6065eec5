/**
 * The member status poller: one poll loop per (user, member), shared by all its
 * subscribers, started by the first and stopped by the last (DESIGN.md "Shared
 * poller", "Subscription hygiene"). Transport-agnostic: graphql-ws wiring lives
 * elsewhere and only sees `subscribe`, `nudge` and `close`.
 *
 * The poller alone owns the map between subscriptions and loops: a loop knows
 * nothing of its subscribers, a subscription nothing of its loop.
 *
 * A loop's key holds the user guid: the status endpoint is under
 * `/users/{user_guid}/…`, and a loop must never poll a member under a user that
 * did not subscribe to it.
 */
import { ServiceError } from "../domain/service-error.js";
import { MemberPollLoop, type PollLoopSettings } from "./member-poll-loop.js";
import { isTerminalMessage, type MemberStatusMessage } from "./member-status-message.js";
import {
  BUS_UNAVAILABLE_MESSAGE,
  loopSettingsFrom,
  type MemberStatusPollerOptions,
  type PollerStats,
} from "./poller-options.js";
import { memberStatusTopic, type NudgeChannel } from "./ports.js";

export type { MemberStatusPollerOptions, PollerStats };
import { SlidingBufferIterator } from "./sliding-buffer-iterator.js";

/**
 * One subscriber: its iterator and, while attached, its bus listener. Small on
 * purpose: 10,000 idle ones must stay cheap, so it holds no timer and no copy of
 * any event.
 */
interface Subscription {
  readonly topic: string;
  readonly userGuid: string;
  readonly memberGuid: string;
  readonly iterator: SlidingBufferIterator<MemberStatusMessage>;
  /** Set while attached: removes the listener from the bus. */
  unsubscribe: (() => void) | undefined;
  /** A message reached it: a late answer of the bus's `last` must not repeat or overtake it. */
  received: boolean;
}

/** A member's loop and the local subscriptions holding it. */
interface Watch {
  loop: MemberPollLoop;
  subscriptions: Set<Subscription>;
}

export class MemberStatusPoller {
  private readonly watches = new Map<string, Watch>();
  /** Stopped loops whose last poll or ownership release has not settled yet. */
  private readonly settling = new Set<Promise<void>>();
  private readonly settings: PollLoopSettings;
  private readonly bufferSize: number | undefined;
  private subscriptionCount = 0;
  private closed = false;
  private readonly nudges: NudgeChannel | undefined;
  private readonly unlistenNudges: (() => void) | undefined;

  constructor(options: MemberStatusPollerOptions) {
    this.bufferSize = options.bufferSize;
    this.settings = loopSettingsFrom(options);
    this.nudges = options.nudges;
    // Another instance handled a mutation: if this one polls the member, poll now.
    this.unlistenNudges = this.nudges?.listen((topic) => this.watches.get(topic)?.loop.nudge());
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
    if (!this.settings.bus.isAvailable()) {
      this.settings.logger.debug({ userGuid, memberGuid }, "member status: subscription refused, bus down");
      throw new ServiceError(
        "UPSTREAM_UNAVAILABLE",
        { cause: "status bus unavailable" },
        BUS_UNAVAILABLE_MESSAGE,
      );
    }
    const topic = memberStatusTopic(userGuid, memberGuid);
    // Lazy: nothing is registered until the consumer asks for the first event, and
    // the iterator's onClose runs exactly once however it ends.
    const subscription: Subscription = {
      topic,
      userGuid,
      memberGuid,
      iterator: new SlidingBufferIterator<MemberStatusMessage>({
        bufferSize: this.bufferSize,
        onFirstNext: () => this.attach(subscription),
        onClose: () => this.detach(subscription),
      }),
      unsubscribe: undefined,
      received: false,
    };
    return subscription.iterator;
  }

  /**
   * Poll this member now, if anyone watches it (mutations call this). No-op
   * otherwise. With a nudge channel, the instance polling it is told unless it is this one.
   */
  nudge(userGuid: string, memberGuid: string): void {
    const topic = memberStatusTopic(userGuid, memberGuid);
    const loop = this.watches.get(topic)?.loop;
    loop?.nudge();
    if (!this.nudges || loop?.isOwner) return;
    try {
      Promise.resolve(this.nudges.send(topic)).catch(this.onNudgeError);
    } catch (error) {
      this.onNudgeError(error);
    }
  }

  hasLoop(userGuid: string, memberGuid: string): boolean {
    return this.watches.has(memberStatusTopic(userGuid, memberGuid));
  }

  stats(): PollerStats {
    let timers = 0;
    let inFlight = this.settling.size;
    for (const { loop } of this.watches.values()) {
      if (loop.hasTimer) timers++;
      if (loop.isPolling) inFlight++;
    }
    return { loops: this.watches.size, subscriptions: this.subscriptionCount, timers, inFlight };
  }

  /**
   * Stops every loop and ends every iterator (`{done: true}`); resolves once polls
   * in flight have settled. Later subscriptions end at once. Does not close the bus.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.unlistenNudges?.();
    for (const watch of [...this.watches.values()]) {
      // Ending the last subscriber stops the loop (detach).
      for (const subscription of [...watch.subscriptions]) subscription.iterator.close();
    }
    await Promise.all(this.settling);
  }

  /** First `next()` of a subscription: listen on the topic, take a loop reference. */
  private attach(subscription: Subscription): void {
    if (this.closed) {
      subscription.iterator.end();
      return;
    }
    const { topic, iterator } = subscription;
    const receive = (message: MemberStatusMessage): void => {
      subscription.received = true;
      iterator.push(message);
      // After a terminal message the iterator delivers what it has, then ends.
      if (isTerminalMessage(message)) iterator.end();
    };
    // First, so that if the bus throws there is nothing to undo.
    subscription.unsubscribe = this.settings.bus.subscribe(topic, receive);

    let watch = this.watches.get(topic);
    const isNew = watch === undefined;
    if (!watch) {
      const subscriptions = new Set<Subscription>();
      const loop = new MemberPollLoop(
        subscription.userGuid,
        subscription.memberGuid,
        topic,
        this.settings,
        () => subscriptions.size,
      );
      watch = { loop, subscriptions };
      this.watches.set(topic, watch);
      this.settings.metrics.activeLoops(this.watches.size);
    }
    watch.subscriptions.add(subscription);
    this.subscriptionCount++;
    this.settings.metrics.activeSubscriptions(this.subscriptionCount);

    // A late subscriber starts from what the others last got.
    this.handLast(subscription, receive);
    if (isNew) watch.loop.start();
  }

  private handLast(subscription: Subscription, receive: (message: MemberStatusMessage) => void): void {
    const last = this.settings.bus.last(subscription.topic);
    if (!(last instanceof Promise)) {
      if (last) receive(last);
      return;
    }
    last.then(
      (message) => {
        if (message && !subscription.received && subscription.unsubscribe) receive(message);
      },
      (error: unknown) =>
        this.settings.logger.warn(
          { err: error, topic: subscription.topic },
          "member status: reading the last status failed",
        ),
    );
  }

  /** The iterator closed, however: release everything, exactly once. */
  private detach(subscription: Subscription): void {
    const unsubscribe = subscription.unsubscribe;
    subscription.unsubscribe = undefined;
    unsubscribe?.();

    const watch = this.watches.get(subscription.topic);
    if (!watch?.subscriptions.delete(subscription)) return;
    this.subscriptionCount--;
    this.settings.metrics.activeSubscriptions(this.subscriptionCount);
    if (watch.subscriptions.size === 0) this.stopLoop(watch);
  }

  private readonly onNudgeError = (error: unknown): void => {
    // The owner still polls on its own cadence: the change is seen, only later.
    this.settings.logger.warn({ err: error }, "member status: sending a nudge to other instances failed");
  };

  private stopLoop(watch: Watch): void {
    const { loop } = watch;
    if (this.watches.get(loop.topic) === watch) {
      this.watches.delete(loop.topic);
      this.settings.metrics.activeLoops(this.watches.size);
    }
    const stopped = loop.stop();
    this.settling.add(stopped);
    // stop() never rejects.
    void stopped.then(() => this.settling.delete(stopped));
  }
}
