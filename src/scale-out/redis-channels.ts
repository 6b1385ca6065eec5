/**
 * Routes the subscriber connection's messages to one handler per channel, and
 * owns what the connection should be subscribed to: after a reconnection Redis
 * has forgotten every subscription, so on each `ready` all channels are
 * subscribed again and `onResubscribed` lets the bus catch up on what it missed.
 */
import type { Redis } from "ioredis";
import type { LogSink } from "../observability/logger.js";

export type ChannelHandler = (payload: string) => void;

export class RedisChannels {
  private readonly handlers = new Map<string, ChannelHandler>();
  private readonly resubscribedListeners = new Set<() => void>();

  constructor(
    private readonly subscriber: Redis,
    private readonly logger: LogSink,
  ) {
    subscriber.on("message", this.onMessage);
    subscriber.on("ready", this.onReady);
  }

  /**
   * Routes `channel` to `handler` and subscribes it. Resolves once Redis confirmed
   * the subscription, or at once while disconnected (the next `ready` subscribes
   * it). Never rejects: a failure is logged and retried on the next `ready`.
   */
  async add(channel: string, handler: ChannelHandler): Promise<void> {
    this.handlers.set(channel, handler);
    if (this.subscriber.status !== "ready") return;
    try {
      await this.subscriber.subscribe(channel);
    } catch (error) {
      this.logger.warn({ err: error, channel }, "redis: subscribing a channel failed");
    }
  }

  /** Stops routing `channel` and unsubscribes it. */
  remove(channel: string): void {
    if (!this.handlers.delete(channel) || this.subscriber.status !== "ready") return;
    this.subscriber.unsubscribe(channel).catch((error: unknown) => {
      this.logger.debug({ err: error, channel }, "redis: unsubscribing a channel failed");
    });
  }

  /** Calls `listener` each time the channels were subscribed again after a reconnection. */
  onResubscribed(listener: () => void): () => void {
    this.resubscribedListeners.add(listener);
    return () => this.resubscribedListeners.delete(listener);
  }

  /** Stops routing everything (the connection itself is closed by its owner). */
  close(): void {
    this.handlers.clear();
    this.resubscribedListeners.clear();
    this.subscriber.off("message", this.onMessage);
    this.subscriber.off("ready", this.onReady);
  }

  private readonly onMessage = (channel: string, payload: string): void => {
    const handler = this.handlers.get(channel);
    if (!handler) return;
    try {
      handler(payload);
    } catch (error) {
      this.logger.error({ err: error, channel }, "redis: handling a pub/sub message failed");
    }
  };

  private readonly onReady = (): void => {
    void this.resubscribeAll();
  };

  /** Never rejects. */
  private async resubscribeAll(): Promise<void> {
    const channels = [...this.handlers.keys()];
    if (channels.length === 0) return;
    try {
      await this.subscriber.subscribe(...channels);
    } catch (error) {
      this.logger.warn({ err: error, channels: channels.length }, "redis: resubscribing channels failed");
      return;
    }
    for (const listener of this.resubscribedListeners) listener();
  }
}
