/**
 * Redis for the scale-out tests. `REDIS_URL` names it; `REQUIRE_REDIS=1` (set by
 * `.ci/run`) means redis://127.0.0.1:6379 when REDIS_URL is unset. With neither,
 * the Redis tests report themselves skipped. When a Redis is expected and does
 * not answer, they fail: CI must not pass by skipping them.
 */
import { randomBytes } from "node:crypto";
import { describe, test } from "node:test";
import { Redis } from "ioredis";
import type { Sandbox } from "../../src/sandbox/sandbox.js";
import type { UpstreamApiName } from "../../src/datasources/dialects/index.js";
import { useFixture, useSandbox, useTestServer } from "./fixtures.js";
import type { TestServer } from "./start-test-server.js";

const DEFAULT_URL = "redis://127.0.0.1:6379";

/** The Redis to test against, or undefined when the Redis tests should be skipped. */
export const redisTestUrl: string | undefined =
  process.env["REDIS_URL"] || (process.env["REQUIRE_REDIS"] === "1" ? DEFAULT_URL : undefined);

/** `{ skip }` for node:test when there is no Redis to test against. */
export const redisSkip: string | false = redisTestUrl
  ? false
  : "Redis tests skipped: set REDIS_URL (or REQUIRE_REDIS=1 for redis://127.0.0.1:6379) to run them";

/**
 * `describe` for a Redis suite. Without a Redis the suite becomes one skipped
 * test: node:test counts a skipped `describe` as no test at all, so its summary
 * would say `skipped 0` while nothing ran.
 */
export function describeWithRedis(name: string, fn: () => void): void {
  if (redisSkip) void test(name, { skip: redisSkip }, () => {});
  else void describe(name, fn);
}

/** A key prefix of its own per test run, so parallel runs never see each other's keys. */
export function uniquePrefix(): string {
  return `atrium-graphql:test:${randomBytes(6).toString("hex")}:`;
}

/** A plain connection for assertions; throws a clear error when Redis does not answer. */
export async function connectTestRedis(): Promise<Redis> {
  if (!redisTestUrl) throw new Error("no Redis configured");
  const redis = new Redis(redisTestUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on("error", () => {}); // connect() below reports the failure
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(`Redis at ${redisTestUrl} does not answer (REDIS_URL / REQUIRE_REDIS say it should)`, {
      cause: error,
    });
  }
  return redis;
}

/** Every key under `prefix`, found with SCAN (never KEYS on a shared Redis). */
export async function keysWithPrefix(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    found.push(...keys);
  } while (cursor !== "0");
  return found.sort();
}

/** Deletes every key under `prefix` (cleanup after a failed test). */
export async function deleteKeysWithPrefix(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysWithPrefix(redis, prefix);
  if (keys.length > 0) await redis.del(...keys);
}

/**
 * The test Redis for the suite (see fixtures.ts): a connection for assertions, made first so that a
 * Redis that should be there and is not fails the run loudly, and a key prefix of the suite's own,
 * whose keys are deleted after its tests.
 */
export function useTestRedis(prefix = uniquePrefix()): { redis: Redis; prefix: string } {
  const redis = useFixture("the test Redis", connectTestRedis, async (connection) => {
    await deleteKeysWithPrefix(connection, prefix);
    await connection.quit();
  });
  return { redis, prefix };
}

/** Scale-out as deployed: instances that share one Redis (under one prefix) and one upstream. */
export interface TwoInstances {
  redis: Redis;
  prefix: string;
  /** The one sandbox both instances call, so its call record covers them both. */
  sandbox: Sandbox;
  a: TestServer;
  b: TestServer;
  /** What a further instance needs to join them: `startTestServer({ upstream: sandbox, env })`. */
  env: Record<string, string>;
}

/** Two server instances on the test Redis and ONE sandbox, for the suite (see fixtures.ts). */
export function useTwoInstances(
  options: { api?: UpstreamApiName; env?: Record<string, string> } = {},
): TwoInstances {
  const { redis, prefix } = useTestRedis();
  const sandbox = useSandbox({ speed: 40 });
  const env = { REDIS_URL: redisTestUrl ?? "", REDIS_KEY_PREFIX: prefix, ...options.env };
  const instance = { api: options.api, upstream: sandbox, env };
  return { redis, prefix, sandbox, a: useTestServer(instance), b: useTestServer(instance), env };
}
