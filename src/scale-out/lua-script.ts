/**
 * A Lua script run by its SHA1 (EVALSHA), sent in full only when Redis does not
 * know it yet (after a restart or SCRIPT FLUSH). Scripts make read-compare-write
 * steps (lease renewal, compare-and-delete) atomic.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export class LuaScript {
  private readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash("sha1").update(source).digest("hex");
  }

  /** Runs the script with `keys` (KEYS[…]) and `args` (ARGV[…]); resolves to its reply. */
  async run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/** Lua prelude: `now_ms`, Redis's own clock, so instances with skewed clocks agree on expiries. */
export const LUA_NOW_MS = `
local t = redis.call('TIME')
local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;
