/**
 * Nudges between instances over one Redis pub/sub channel: a mutation handled
 * here makes the instance polling the member poll now, and a released lease
 * makes the others try to take it at once instead of on their next tick.
 */
import type { Redis } from "ioredis";
import type { LogSink } from "../observability/logger.js";
import type { NudgeChannel } from "../subscriptions/index.js";
import type { RedisChannels } from "./redis-channels.js";
import type { RedisKeys } from "./redis-keys.js";

export interface RedisNudgeChannelOptions {
  /** The instance's command connection (publishing). */
  redis: Redis;
  channels: RedisChannels;
  keys: RedisKeys;
  /** Nudges this instance sent come back to it too; they are recognised by this id and skipped. */
  instanceId: string;
  logger: LogSink;
}

interface Nudge {
  from: string;
  topic: string;
}

export class RedisNudgeChannel implements NudgeChannel {
  constructor(private readonly options: RedisNudgeChannelOptions) {}

  async send(topic: string): Promise<void> {
    const nudge: Nudge = { from: this.options.instanceId, topic };
    await this.options.redis.publish(this.options.keys.nudgeChannel(), JSON.stringify(nudge));
  }

  listen(handler: (topic: string) => void): () => void {
    const { channels, keys, instanceId, logger } = this.options;
    const channel = keys.nudgeChannel();
    // add() never rejects and resolves once subscribed; nothing needs to wait for it.
    void channels.add(channel, (payload) => {
      const nudge = parseNudge(payload);
      if (!nudge) {
        logger.warn({}, "member status: malformed nudge on Redis, ignored");
        return;
      }
      if (nudge.from !== instanceId) handler(nudge.topic);
    });
    return () => channels.remove(channel);
  }
}

function parseNudge(payload: string): Nudge | undefined {
  try {
    const value: unknown = JSON.parse(payload);
    if (typeof value !== "object" || value === null) return undefined;
    const { from, topic } = value as Record<string, unknown>;
    return typeof from === "string" && typeof topic === "string" ? { from, topic } : undefined;
  } catch {
    return undefined;
  }
}
