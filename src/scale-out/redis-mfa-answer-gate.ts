/**
 * The per-member answerMfa lock in Redis (DESIGN.md "Retries"), so concurrent
 * answers are serialised across instances, not only within one: SET NX PX to
 * take it, compare-and-DEL (by a token only the taker knows) to release it. The
 * lock is a short lease its holder renews (compare-and-PEXPIRE every third of
 * it), so a holder that died frees the member within seconds, not minutes. The
 * "answer in flight" mark is a plain key with the bound as its expiry.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { AtriumError } from "../datasources/atrium-errors.js";
import type { MfaAnswerGate } from "../datasources/mfa-answer-gate.js";
import type { LogSink } from "../observability/logger.js";
import { LuaScript } from "./lua-script.js";
import type { RedisKeys } from "./redis-keys.js";

/** Default lease: a dead holder's lock is gone this long after its last renewal. */
export const DEFAULT_MFA_LOCK_MS = 6_000;

/** What a client sees when the lock cannot be taken because Redis is down. */
export const LOCK_UNAVAILABLE_MESSAGE = "The service is temporarily unavailable; try again shortly.";

/** KEYS: lock. ARGV: token. */
const UNLOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

/** KEYS: lock. ARGV: token, lease ms. */
const RENEW = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`);

export interface RedisMfaAnswerGateOptions {
  /** The instance's command connection. */
  redis: Redis;
  keys: RedisKeys;
  logger: LogSink;
  /** Lease period, default 6000 ms (MFA_LOCK_LEASE_MS). */
  lockMs?: number;
}

export class RedisMfaAnswerGate implements MfaAnswerGate {
  /** Tokens of the locks this instance holds, by member key. */
  private readonly tokens = new Map<string, { token: string; renewal: NodeJS.Timeout }>();
  private readonly lockMs: number;

  constructor(private readonly options: RedisMfaAnswerGateOptions) {
    this.lockMs = options.lockMs ?? DEFAULT_MFA_LOCK_MS;
  }

  /** Throws UPSTREAM_UNAVAILABLE when Redis cannot answer: without the lock no answer may be sent. */
  async tryEnter(memberKey: string): Promise<boolean> {
    const token = randomUUID();
    let reply: string | null;
    try {
      reply = await this.options.redis.set(
        this.options.keys.mfaLock(memberKey),
        token,
        "PX",
        this.lockMs,
        "NX",
      );
    } catch (error) {
      this.options.logger.error({ err: error }, "mfa gate: Redis unavailable, answer refused");
      throw new AtriumError(
        "UPSTREAM_UNAVAILABLE",
        { cause: "mfa lock unavailable" },
        LOCK_UNAVAILABLE_MESSAGE,
      );
    }
    if (reply !== "OK") return false;
    const renewal = setInterval(() => void this.renew(memberKey, token), Math.max(50, this.lockMs / 3));
    renewal.unref();
    this.tokens.set(memberKey, { token, renewal });
    return true;
  }

  private async renew(memberKey: string, token: string): Promise<void> {
    try {
      await RENEW.run(this.options.redis, [this.options.keys.mfaLock(memberKey)], [token, this.lockMs]);
    } catch (error) {
      this.options.logger.warn({ err: error }, "mfa gate: renewing the lock failed");
    }
  }

  /** Never rejects (it runs in a `finally`): a lock that cannot be deleted expires by itself. */
  async release(memberKey: string): Promise<void> {
    const held = this.tokens.get(memberKey);
    if (held === undefined) return;
    this.tokens.delete(memberKey);
    clearInterval(held.renewal);
    try {
      await UNLOCK.run(this.options.redis, [this.options.keys.mfaLock(memberKey)], [held.token]);
    } catch (error) {
      this.options.logger.warn({ err: error }, "mfa gate: releasing the lock failed; it expires by itself");
    }
  }

  /** Redis down: UPSTREAM_UNAVAILABLE, so no answer goes out unguarded. */
  async inFlight(memberKey: string): Promise<readonly string[] | undefined> {
    const value = await this.guarded(() => this.options.redis.get(this.options.keys.mfaInFlight(memberKey)));
    if (value === null) return undefined;
    const guids = JSON.parse(value) as unknown;
    return Array.isArray(guids) ? guids.map(String) : undefined;
  }

  async markInFlight(memberKey: string, challengeGuids: readonly string[], boundMs: number): Promise<void> {
    const key = this.options.keys.mfaInFlight(memberKey);
    await this.guarded(() => this.options.redis.set(key, JSON.stringify(challengeGuids), "PX", boundMs));
  }

  private async guarded<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      this.options.logger.error({ err: error }, "mfa gate: Redis unavailable, answer refused");
      throw new AtriumError(
        "UPSTREAM_UNAVAILABLE",
        { cause: "mfa mark unavailable" },
        LOCK_UNAVAILABLE_MESSAGE,
      );
    }
  }

  async clearInFlight(memberKey: string): Promise<void> {
    try {
      await this.options.redis.del(this.options.keys.mfaInFlight(memberKey));
    } catch (error) {
      this.options.logger.warn({ err: error }, "mfa gate: clearing the in-flight mark failed; it expires");
    }
  }
}
