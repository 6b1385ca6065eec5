/**
 * Nudge windows shared by every instance (SET NX PX): MX may deliver repeats of
 * one webhook to different instances behind a load balancer, and together they
 * must still cause at most one extra poll per member per window.
 */
import type { Redis } from "ioredis";
import type { LogSink } from "../observability/logger.js";
import type { NudgeLimiter } from "../subscriptions/index.js";
import type { RedisKeys } from "./redis-keys.js";

export class RedisNudgeLimiter implements NudgeLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly logger: LogSink,
  ) {}

  async tryPass(key: string, windowMs: number): Promise<boolean> {
    try {
      const reply = await this.redis.set(this.keys.nudgeWindow(key), "1", "PX", Math.max(1, windowMs), "NX");
      return reply === "OK";
    } catch (error) {
      // Without Redis the nudge could not reach the polling instance anyway; its own cadence goes on.
      this.logger.warn({ err: error }, "nudge limiter: Redis unavailable, webhook nudge dropped");
      return false;
    }
  }
}
