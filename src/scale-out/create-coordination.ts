/**
 * The one place that decides between one process and several (DESIGN.md
 * "Scale-out"): with a Redis URL, the status bus, poll ownership, nudges and the
 * MFA lock live in Redis; without one, everything stays in-process.
 */
import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { InMemoryMfaAnswerGate, type MfaAnswerGate } from "../datasources/mfa-answer-gate.js";
import type { ReadinessCheck } from "../observability/readiness.js";
import type { LogSink } from "../observability/logger.js";
import {
  InMemoryStatusEventBus,
  inProcessOwnership,
  InMemoryNudgeLimiter,
  type NudgeChannel,
  type NudgeLimiter,
  type PollOwnership,
  type StatusEventBus,
} from "../subscriptions/index.js";
import { defaultLeaseMs } from "../domain/lease-timing.js";
import { RedisChannels } from "./redis-channels.js";
import { RedisConnections } from "./redis-connections.js";
import { DEFAULT_KEY_PREFIX, RedisKeys } from "./redis-keys.js";
import { RedisMfaAnswerGate } from "./redis-mfa-answer-gate.js";
import { RedisNudgeChannel } from "./redis-nudge-channel.js";
import { RedisNudgeLimiter } from "./redis-nudge-limiter.js";
import { RedisPollOwnership } from "./redis-poll-ownership.js";
import { RedisStatusEventBus } from "./redis-status-event-bus.js";

export interface CoordinationOptions {
  /** `REDIS_URL`; unset = in-process. */
  redisUrl: string | undefined;
  /** `REDIS_KEY_PREFIX`, default "atrium-graphql:". */
  keyPrefix?: string;
  /** `POLL_INTERVAL_MS`: the lease default derives from it. */
  pollIntervalMs: number;
  /** `POLL_LEASE_MS`; default max(3 × poll interval, 2000). */
  leaseMs?: number;
  /** answerMfa lock lease (renewed while held), default 6000 ms. */
  mfaLockMs?: number;
  logger: LogSink;
}

export interface Coordination {
  kind: "in-process" | "redis";
  /** This instance's name in leases and presence marks. */
  instanceId: string;
  bus: StatusEventBus;
  ownership: PollOwnership;
  nudges: NudgeChannel | undefined;
  /** Bounds webhook nudges per member (shared by all instances with Redis). */
  nudgeLimiter: NudgeLimiter;
  mfaGate: MfaAnswerGate;
  /** Extra `/readyz` checks (Redis, when configured). */
  readinessChecks: ReadinessCheck[];
  /** Lease period in ms (Redis only; 0 in-process). */
  leaseMs: number;
  /** The Redis connections, when configured (tests cut them to simulate a crashed instance). */
  redis: RedisConnections | undefined;
  /** Call after the poller closed (its leases are released then): stops renewals, closes the bus and Redis. */
  close(): Promise<void>;
}

export async function createCoordination(options: CoordinationOptions): Promise<Coordination> {
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return options.redisUrl ? redisCoordination(options, options.redisUrl, instanceId) : inProcess(instanceId);
}

function inProcess(instanceId: string): Coordination {
  const bus = new InMemoryStatusEventBus();
  return {
    kind: "in-process",
    instanceId,
    bus,
    ownership: inProcessOwnership,
    nudges: undefined,
    nudgeLimiter: new InMemoryNudgeLimiter(),
    mfaGate: new InMemoryMfaAnswerGate(),
    readinessChecks: [],
    leaseMs: 0,
    redis: undefined,
    close: () => bus.close(),
  };
}

function leaseMsOf(options: CoordinationOptions): number {
  const leaseMs = options.leaseMs ?? defaultLeaseMs(options.pollIntervalMs);
  if (!Number.isInteger(leaseMs) || leaseMs < 2 * options.pollIntervalMs) {
    // Watchers refresh their mark once per poll interval; a shorter lease would drop them between polls.
    throw new RangeError(`leaseMs must be an integer >= 2 × poll interval, got ${leaseMs}`);
  }
  return leaseMs;
}

async function redisCoordination(
  options: CoordinationOptions,
  url: string,
  instanceId: string,
): Promise<Coordination> {
  const leaseMs = leaseMsOf(options);
  // The last status must outlive a dead owner's lease and the takeover after it.
  const retentionMs = 2 * leaseMs;
  const { logger } = options;
  const keys = new RedisKeys(options.keyPrefix ?? DEFAULT_KEY_PREFIX);
  const connections = new RedisConnections({ url, name: `atrium-graphql:${instanceId}`, logger });
  const channels = new RedisChannels(connections.subscriber, logger);
  await connections.connect();

  const redis = connections.command;
  const nudges = new RedisNudgeChannel({ redis, channels, keys, instanceId, logger });
  const ownership = new RedisPollOwnership({
    redis,
    keys,
    instanceId,
    leaseMs,
    retentionMs,
    logger,
    // Instances that watch the member take the released lease at once, not on their next tick.
    onReleased: (topic) => {
      nudges
        .send(topic)
        .catch((error: unknown) => logger.debug({ err: error }, "redis: release nudge failed"));
    },
  });
  const bus = new RedisStatusEventBus({ connections, channels, keys, retentionMs, logger });
  logger.info({ instanceId, leaseMs, keyPrefix: keys.prefix }, "scale-out: coordinating through Redis");

  return {
    kind: "redis",
    instanceId,
    bus,
    ownership,
    nudges,
    nudgeLimiter: new RedisNudgeLimiter(redis, keys, logger),
    mfaGate: new RedisMfaAnswerGate({ redis, keys, logger, lockMs: options.mfaLockMs }),
    readinessChecks: [{ name: "redis", check: () => connections.ping() }],
    leaseMs,
    redis: connections,
    close: async () => {
      ownership.close();
      await bus.close();
      channels.close();
      await connections.close();
    },
  };
}
