/**
 * The status bus on Redis pub/sub (DESIGN.md "Scale-out", "Subscription hygiene"):
 * one channel per member topic, subscribed only while this instance has a local
 * listener on it, with local fan-out (one Redis message → N local subscribers,
 * decoded once). The last message of each topic is also stored in Redis, because
 * pub/sub replays nothing and a new subscriber on any instance must get the
 * current status first.
 *
 * Each message carries a version (Redis time in µs, strictly increasing per
 * topic), so a replayed message never overtakes or repeats a live one: the
 * stored message is read on one connection and live ones arrive on another.
 */
import { AtriumError } from "../datasources/atrium-errors.js";
import type { LogSink } from "../observability/logger.js";
import {
  decodeMessage,
  encodeMessage,
  type MemberStatusMessage,
  type StatusEventBus,
  type StatusListener,
} from "../subscriptions/index.js";
import type { RedisChannels } from "./redis-channels.js";
import type { RedisConnections } from "./redis-connections.js";
import type { RedisKeys } from "./redis-keys.js";
import { LuaScript } from "./lua-script.js";

/**
 * KEYS[1] last-message key; ARGV[1] message JSON, ARGV[2] retention ms, ARGV[3] channel.
 * Stores then publishes "<version> <json>" in one step, so the stored message is
 * never older than one already published.
 */
const PUBLISH = new LuaScript(`
local t = redis.call('TIME')
local version = tonumber(t[1]) * 1000000 + tonumber(t[2])
local previous = redis.call('GET', KEYS[1])
if previous then
  local v = tonumber(string.match(previous, '^(%d+) '))
  if v and v >= version then version = v + 1 end
end
local payload = string.format('%.0f', version) .. ' ' .. ARGV[1]
redis.call('SET', KEYS[1], payload, 'PX', ARGV[2])
redis.call('PUBLISH', ARGV[3], payload)
return 1
`);

export interface RedisStatusEventBusOptions {
  connections: RedisConnections;
  channels: RedisChannels;
  keys: RedisKeys;
  /** How long a stored last message outlives its last refresh (lease renewals refresh it). */
  retentionMs: number;
  logger: LogSink;
}

interface TopicState {
  listeners: Set<StatusListener>;
  /** Newest version delivered to this topic's local listeners. */
  version: number;
  /** The newest message of that version. */
  last: MemberStatusMessage | undefined;
  /** Settles once the channel subscription is confirmed and the stored message read (never rejects). */
  ready: Promise<void>;
}

/** Catching up after a reconnection: tries, and the wait between them. */
const CATCH_UP_ATTEMPTS = 20;
const CATCH_UP_RETRY_MS = 250;

export class RedisStatusEventBus implements StatusEventBus {
  private readonly topics = new Map<string, TopicState>();
  private readonly stopCatchingUp: () => void;
  private readonly stopWatchingOutages: () => void;
  /** Subscribers were told of the current outage (both connections report it). */
  private outageAnnounced = false;
  private closed = false;

  constructor(private readonly options: RedisStatusEventBusOptions) {
    // After a reconnection, deliver what was published while this instance was away.
    this.stopCatchingUp = options.channels.onResubscribed(this.catchUp);
    this.stopWatchingOutages = options.connections.onLost(this.announceOutage);
  }

  /** Stores the message as the topic's last one and publishes it to every instance. */
  async publish(topic: string, message: MemberStatusMessage): Promise<void> {
    const { connections, keys, retentionMs } = this.options;
    await PUBLISH.run(
      connections.command,
      [keys.last(topic)],
      [encodeMessage(message), retentionMs, keys.statusChannel(topic)],
    );
  }

  subscribe(topic: string, listener: StatusListener): () => void {
    if (this.closed) return noop;
    let state = this.topics.get(topic);
    if (!state) {
      const created: TopicState = {
        listeners: new Set(),
        version: 0,
        last: undefined,
        ready: Promise.resolve(),
      };
      const channel = this.options.keys.statusChannel(topic);
      // Subscribed first, then the stored message read, so nothing published in between is missed.
      created.ready = this.options.channels
        .add(channel, (payload) => this.deliver(created, payload))
        .then(() => this.readStored(topic, created))
        .catch(this.onStoredReadError(topic));
      this.topics.set(topic, created);
      state = created;
    }
    const listeners = state.listeners;
    listeners.add(listener);
    return () => {
      if (!listeners.delete(listener) || listeners.size > 0 || this.topics.get(topic) !== state) return;
      // Nobody here listens any more: stop receiving the member's messages.
      this.topics.delete(topic);
      this.options.channels.remove(this.options.keys.statusChannel(topic));
    };
  }

  /**
   * The newest message of the topic this instance knows: the stored one, or a
   * newer live one. Answers once the stored message has been read.
   */
  async last(topic: string): Promise<MemberStatusMessage | undefined> {
    const state = this.topics.get(topic);
    if (!state) return undefined;
    await state.ready;
    return state.last;
  }

  /** After a reconnection: delivers what was published meanwhile, unless a newer one already came. */
  private async replay(topic: string): Promise<void> {
    const state = this.topics.get(topic);
    if (!state) return;
    await state.ready;
    await this.readStored(topic, state);
  }

  /**
   * Delivers the stored message to the first local listeners, through the same
   * version check as live ones: pub/sub replays nothing, and a live message that
   * arrives meanwhile is neither repeated nor overtaken.
   */
  private async readStored(topic: string, state: TopicState): Promise<void> {
    const stored = await this.options.connections.command.get(this.options.keys.last(topic));
    if (stored !== null && this.topics.get(topic) === state) this.deliver(state, stored);
  }

  private readonly onStoredReadError =
    (topic: string) =>
    (error: unknown): void => {
      this.options.logger.warn({ err: error, topic }, "member status: reading the last status failed");
    };

  isAvailable(): boolean {
    return !this.closed && this.options.connections.isReady();
  }

  /** Stops listening; the connections are closed by their owner. */
  close(): Promise<void> {
    this.closed = true;
    this.stopCatchingUp();
    this.stopWatchingOutages();
    for (const topic of this.topics.keys())
      this.options.channels.remove(this.options.keys.statusChannel(topic));
    this.topics.clear();
    return Promise.resolve();
  }

  /** Number of topics with a local listener (tests, leak checks). */
  get topicCount(): number {
    return this.topics.size;
  }

  /** "<version> <json>" as stored and published; undefined (logged) when it is not one of ours. */
  private parse(payload: string): { version: number; message: MemberStatusMessage } | undefined {
    const space = payload.indexOf(" ");
    const version = Number(payload.slice(0, space));
    if (space < 0 || !Number.isFinite(version)) {
      this.options.logger.error({}, "member status: malformed message on the Redis bus, dropped");
      return undefined;
    }
    try {
      return { version, message: decodeMessage(payload.slice(space + 1)) };
    } catch (error) {
      this.options.logger.error(
        { err: error },
        "member status: undecodable message on the Redis bus, dropped",
      );
      return undefined;
    }
  }

  private deliver(state: TopicState, payload: string): void {
    const parsed = this.parse(payload);
    // Older than, or the same as, what local listeners already have.
    if (!parsed || parsed.version <= state.version) return;
    const { version, message } = parsed;
    state.version = version;
    state.last = message;
    // A listener may unsubscribe during delivery; Set iteration allows that.
    for (const listener of state.listeners) {
      try {
        listener(message);
      } catch (error) {
        this.options.logger.error({ err: error }, "member status: a bus listener failed");
      }
    }
  }

  /**
   * Redis is gone, so no status can reach this instance: every local subscriber
   * is told (UPSTREAM_UNAVAILABLE, not the end of its subscription) rather than
   * left waiting in silence, and the stored last status will be delivered again
   * on reconnection, so each knows it has recovered.
   */
  private readonly announceOutage = (): void => {
    if (this.outageAnnounced) return;
    this.outageAnnounced = true;
    const message: MemberStatusMessage = {
      kind: "error",
      code: "UPSTREAM_UNAVAILABLE",
      message: new AtriumError("UPSTREAM_UNAVAILABLE").message,
    };
    for (const state of this.topics.values()) {
      state.version = Math.max(0, state.version - 1);
      for (const listener of state.listeners) {
        try {
          listener(message);
        } catch (error) {
          this.options.logger.error({ err: error }, "member status: a bus listener failed");
        }
      }
    }
  };

  private readonly catchUp = (): void => {
    this.outageAnnounced = false;
    for (const topic of this.topics.keys()) void this.catchUpTopic(topic, CATCH_UP_ATTEMPTS);
  };

  /** The command connection may come back after the subscriber: a failed read is tried again shortly. */
  private async catchUpTopic(topic: string, attemptsLeft: number): Promise<void> {
    try {
      await this.replay(topic);
    } catch (error) {
      if (attemptsLeft > 1 && !this.closed) {
        await new Promise((resolve) => setTimeout(resolve, CATCH_UP_RETRY_MS).unref());
        return this.catchUpTopic(topic, attemptsLeft - 1);
      }
      this.options.logger.warn({ err: error, topic }, "member status: catching up after reconnection failed");
    }
  }
}

function noop(): void {}
