/**
 * The per-member answerMfa lock in Redis (DESIGN.md "Retries"), so concurrent
 * answers are serialised across instances, not only within one: SET NX PX to
 * take it, compare-and-DEL (by a token only the taker knows) to release it. The
 * expiry frees a member whose holder died mid-answer.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { AtriumError } from "../datasources/atrium-errors.js";
import type { MfaAnswerGate } from "../datasources/mfa-answer-gate.js";
import type { LogSink } from "../observability/logger.js";
import { LuaScript } from "./lua-script.js";
import type { RedisKeys } from "./redis-keys.js";

/** Default lock lifetime: longer than an answer's upstream calls with their retries can take. */
export const DEFAULT_MFA_LOCK_MS = 120_000;

/** What a client sees when the lock cannot be taken because Redis is down. */
export const LOCK_UNAVAILABLE_MESSAGE = "The service is temporarily unavailable; try again shortly.";

/** KEYS: lock. ARGV: token. */
const UNLOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`);

export interface RedisMfaAnswerGateOptions {
  /** The instance's command connection. */
  redis: Redis;
  keys: RedisKeys;
  logger: LogSink;
  /** Default 120000 ms. */
  lockMs?: number;
}

export class RedisMfaAnswerGate implements MfaAnswerGate {
  /** Tokens of the locks this instance holds, by member key. */
  private readonly tokens = new Map<string, string>();
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
    this.tokens.set(memberKey, token);
    return true;
  }

  /** Never rejects (it runs in a `finally`): a lock that cannot be deleted expires by itself. */
  async release(memberKey: string): Promise<void> {
    const token = this.tokens.get(memberKey);
    if (token === undefined) return;
    this.tokens.delete(memberKey);
    try {
      await UNLOCK.run(this.options.redis, [this.options.keys.mfaLock(memberKey)], [token]);
    } catch (error) {
      this.options.logger.warn({ err: error }, "mfa gate: releasing the lock failed; it expires by itself");
    }
  }
}
