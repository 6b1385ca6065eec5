/**
 * Poll ownership as a Redis lease per member (DESIGN.md "Scale-out"): SET NX PX
 * to take it, compare-and-PEXPIRE to renew it (before every poll, and by a timer
 * every third of the lease, for members polled slower than the lease lasts),
 * compare-and-DEL to release it. An owner that dies stops renewing; its lease
 * expires and another instance with subscribers takes it on its next attempt.
 *
 * Every attempt also marks this instance as a watcher of the member (a sorted
 * set scored by expiry) and keeps the member's last message alive, so the
 * member's keys live exactly while some instance has subscribers, and the last
 * instance to leave deletes them.
 */
import type { Redis } from "ioredis";
import type { LogSink } from "../observability/logger.js";
import type { PollOwnership } from "../subscriptions/index.js";
import { LUA_NOW_MS, LuaScript } from "./lua-script.js";
import type { RedisKeys } from "./redis-keys.js";

/**
 * KEYS: lease, watchers, last. ARGV: instance id, lease ms, retention ms, mode
 * ("acquire" | "renew"). Returns 1 when this instance holds the lease afterwards.
 */
const HOLD = new LuaScript(`${LUA_NOW_MS}
redis.call('ZADD', KEYS[2], now_ms + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[3])
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder or ARGV[4] ~= 'acquire' then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
`);

/** KEYS: lease. ARGV: instance id. Deletes the lease only if this instance holds it. */
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`);

/** KEYS: watchers, last. ARGV: instance id. The last watcher (expired ones aside) deletes both. */
const LEAVE = new LuaScript(`${LUA_NOW_MS}
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now_ms)
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[1], KEYS[2])
  return 1
end
return 0
`);

export interface RedisPollOwnershipOptions {
  /** The instance's command connection. */
  redis: Redis;
  keys: RedisKeys;
  /** Unique per running instance: the lease holder's name. */
  instanceId: string;
  /** Lease period; also how long a watcher mark lasts without a refresh. */
  leaseMs: number;
  /** How long the member's last message outlives the last refresh. */
  retentionMs: number;
  logger: LogSink;
  /** Called after this instance released a lease it held (e.g. to nudge the others to take it now). */
  onReleased?: (key: string) => void;
}

export class RedisPollOwnership implements PollOwnership {
  /** Renewal timers of the leases this instance holds. */
  private readonly renewals = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: RedisPollOwnershipOptions) {}

  async acquire(key: string): Promise<boolean> {
    const held = await this.hold(key, "acquire");
    if (held) this.keepRenewing(key);
    return held;
  }

  async renew(key: string): Promise<boolean> {
    const held = await this.hold(key, "renew");
    if (!held) this.stopRenewing(key);
    return held;
  }

  async release(key: string): Promise<void> {
    this.stopRenewing(key);
    const { redis, keys, instanceId } = this.options;
    const released = await RELEASE.run(redis, [keys.lease(key)], [instanceId]);
    if (released === 1) this.options.onReleased?.(key);
  }

  async leave(key: string): Promise<void> {
    const { redis, keys, instanceId } = this.options;
    await LEAVE.run(redis, [keys.watchers(key), keys.last(key)], [instanceId]);
  }

  /** Leases this instance holds now (tests, shutdown checks). */
  get heldCount(): number {
    return this.renewals.size;
  }

  /**
   * Stops every renewal timer. Leases still held (only after a crash-like stop:
   * the poller releases them on close) then expire by themselves.
   */
  close(): void {
    for (const timer of this.renewals.values()) clearInterval(timer);
    this.renewals.clear();
  }

  private async hold(key: string, mode: "acquire" | "renew"): Promise<boolean> {
    const { redis, keys, instanceId, leaseMs, retentionMs } = this.options;
    const reply = await HOLD.run(
      redis,
      [keys.lease(key), keys.watchers(key), keys.last(key)],
      [instanceId, leaseMs, retentionMs, mode],
    );
    return reply === 1;
  }

  private keepRenewing(key: string): void {
    if (this.renewals.has(key)) return;
    // A poll renews too; the timer covers idle members polled less often than the lease lasts.
    const timer = setInterval(
      () => void this.renewInBackground(key),
      Math.max(1, Math.floor(this.options.leaseMs / 3)),
    );
    timer.unref();
    this.renewals.set(key, timer);
  }

  private stopRenewing(key: string): void {
    const timer = this.renewals.get(key);
    if (timer === undefined) return;
    clearInterval(timer);
    this.renewals.delete(key);
  }

  /** Never rejects: a failed renewal is retried on the next tick while the lease may still be ours. */
  private async renewInBackground(key: string): Promise<void> {
    try {
      if (!(await this.hold(key, "renew"))) {
        this.stopRenewing(key);
        this.options.logger.info({ topic: key }, "member status: poll lease lost to another instance");
      }
    } catch (error) {
      this.options.logger.warn({ err: error, topic: key }, "member status: renewing the poll lease failed");
    }
  }
}
