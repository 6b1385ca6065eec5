/**
 * Scale-out on Redis: 1,000 subscribers of one member spread over two server
 * processes sharing one Redis and one sandbox process. Measures status calls
 * per poll tick across both instances, delivery delay after the poll that saw
 * each change, and, in a second run, the takeover after the polling instance
 * is killed (SIGKILL) mid-flow. Skips with a message when no Redis answers.
 *
 * `node dist/bench/scale-out.js` (REDIS_URL, default redis://127.0.0.1:6379;
 * BENCH_SCALEOUT_SUBSCRIBERS, default 1000).
 */
import { randomBytes } from "node:crypto";
import type { Client } from "graphql-ws";
import { Redis } from "ioredis";
import { RedisKeys } from "../src/scale-out/redis-keys.js";
import { memberStatusTopic } from "../src/subscriptions/index.js";
import {
  FAN_OUT_WS_LIMITS,
  percentile,
  startSandboxProcess,
  startServerProcess,
  table,
  type SandboxProc,
  type ServerProc,
} from "./processes.js";
import {
  IDENTIFY,
  PER_SOCKET,
  answerChallenge,
  deliveryDelays,
  gql,
  isDone,
  member,
  sameEverywhere,
  statusCallTimes,
  subscribe,
  until,
} from "./member-flow.js";

const REDIS_URL = process.env["REDIS_URL"] || "redis://127.0.0.1:6379";
const SUBSCRIBERS = Number(process.env["BENCH_SCALEOUT_SUBSCRIBERS"] ?? 1000);
const POLL_INTERVAL_MS = 1000;
const LEASE_MS = 3000; // the default for a 1 s interval: max(3 × interval, 2 s)
const TICKS = "member_status_poll_ticks_total";

interface Setup {
  sandbox: SandboxProc;
  servers: ServerProc[];
  clients: Client[];
  redis: Redis;
  keys: RedisKeys;
}

async function withSetup<T>(run: (setup: Setup) => Promise<T>): Promise<T> {
  const keys = new RedisKeys(`atrium-graphql:bench:${randomBytes(4).toString("hex")}:`);
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  const sandbox = await startSandboxProcess({ SANDBOX_SPEED: "1" });
  const env = {
    ...FAN_OUT_WS_LIMITS,
    REDIS_URL,
    REDIS_KEY_PREFIX: keys.prefix,
    POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
    POLL_IDLE_INTERVAL_MS: "5000",
    POLL_LEASE_MS: String(LEASE_MS),
  };
  const servers = [await startServerProcess(sandbox.url, env), await startServerProcess(sandbox.url, env)];
  const clients: Client[] = [];
  try {
    return await run({ sandbox, servers, clients, redis, keys });
  } finally {
    await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    await Promise.all(servers.map((s) => s.stop()));
    await sandbox.stop();
    // SCAN, never KEYS, on a Redis that may be shared.
    let cursor = "0";
    do {
      const [next, left] = await redis.scan(cursor, "MATCH", `${keys.prefix}*`, "COUNT", 1000);
      cursor = next;
      if (left.length) await redis.del(...left);
    } while (cursor !== "0");
    await redis.quit();
  }
}

/** Waits for the subscribers to leave everywhere; returns the member's keys still in Redis. */
async function leaveAll(setup: Setup, topic: string): Promise<number> {
  await Promise.all(setup.clients.map((c) => Promise.resolve(c.dispose())));
  setup.clients.length = 0;
  const memberKeys = [setup.keys.lease(topic), setup.keys.watchers(topic), setup.keys.last(topic)];
  await until(
    async () => (await setup.redis.exists(...memberKeys)) === 0,
    "the member's keys to go",
    3 * LEASE_MS,
  ).catch(() => {});
  return setup.redis.exists(...memberKeys);
}

async function steady(): Promise<Array<string | number>> {
  return withSetup(async (setup) => {
    const { sandbox, servers, clients } = setup;
    const m = await member(sandbox);
    const received = subscribe(servers, clients, SUBSCRIBERS, m.guid, m.token);
    await until(() => received.every((log) => log.length > 0), "every first event");
    await sandbox.control("DELETE", "/_sandbox/calls");
    const ticksBefore = await Promise.all(servers.map((s) => s.metric(TICKS)));
    const started = Date.now();
    // The mutations go to the second server, whichever instance polls.
    await gql(servers[1]!, m.token, IDENTIFY, { g: m.guid });
    await until(() => received[0]!.some((r) => r.key.startsWith("CHALLENGED")), "CHALLENGED");
    await answerChallenge(servers[0]!, m.token, m.guid);
    await until(() => received.every(isDone), "CONNECTED everywhere");
    const seconds = (Date.now() - started) / 1000;
    const ticks = (await Promise.all(servers.map((s) => s.metric(TICKS)))).map((t, i) => t - ticksBefore[i]!);
    const calls = await statusCallTimes(sandbox, m.guid);
    const delays = deliveryDelays(received, calls);
    const keysLeft = await leaveAll(setup, memberStatusTopic(m.user, m.guid));
    const totalTicks = ticks[0]! + ticks[1]!;
    return [
      SUBSCRIBERS,
      "2 (steady)",
      received[0]!.length - 1,
      `${calls.length} / ${totalTicks} (${ticks.join(" + ")}) = ${(calls.length / Math.max(1, totalTicks)).toFixed(2)}`,
      `${percentile(delays, 50)} / ${percentile(delays, 99)}`,
      sameEverywhere(received) ? "yes" : "NO",
      "–",
      keysLeft,
      seconds.toFixed(1),
    ];
  });
}

async function ownerKilled(): Promise<Array<string | number>> {
  return withSetup(async (setup) => {
    const { sandbox, servers, clients, redis, keys } = setup;
    const m = await member(sandbox);
    const topic = memberStatusTopic(m.user, m.guid);
    const received = subscribe(servers, clients, SUBSCRIBERS, m.guid, m.token);
    await until(() => received.every((log) => log.length > 0), "every first event");
    await sandbox.control("DELETE", "/_sandbox/calls");
    const ticksAtStart = await Promise.all(servers.map((s) => s.metric(TICKS)));
    const started = Date.now();
    await gql(servers[1]!, m.token, IDENTIFY, { g: m.guid });
    await until(() => received.every((log) => log.some((r) => r.key.startsWith("CHALLENGED"))), "CHALLENGED");
    // The lease holder's id ends with ":<pid>:<random>": find its process and kill it without warning.
    const holder = (await redis.get(keys.lease(topic))) ?? "";
    const pid = Number(holder.split(":").at(-2));
    const owner = servers.findIndex((s) => s.child.pid === pid);
    if (owner < 0) throw new Error(`no server holds the lease (${holder})`);
    const survivor = servers[1 - owner]!;
    // The killed instance's metrics die with it: read both just before (a poll starting in
    // the few ms between this read and the kill would be a call without a counted tick).
    const ticksAtKill = await Promise.all(servers.map((s) => s.metric(TICKS)));
    const killedAt = Date.now();
    const killed = servers[owner]!;
    const exited = new Promise((resolve) => killed.child.once("exit", resolve));
    killed.child.kill("SIGKILL");
    await exited;
    // Proc.stop() waits for an exit that already happened (a signal leaves exitCode null).
    servers[owner] = { ...killed, stop: () => Promise.resolve() };
    await until(async () => {
      const now = await redis.get(keys.lease(topic));
      return now !== null && now !== holder;
    }, "the takeover");
    const takeoverMs = Date.now() - killedAt;
    await answerChallenge(survivor, m.token, m.guid);
    // Subscriber i is on server (socket index % 2); the killed server's subscribers are gone.
    const surviving = received.filter((_, i) => Math.floor(i / PER_SOCKET) % 2 !== owner);
    await until(() => surviving.every(isDone), "CONNECTED on the survivor");
    const seconds = (Date.now() - started) / 1000;
    const calls = await statusCallTimes(sandbox, m.guid);
    const delays = deliveryDelays(surviving, calls);
    const ticksBefore = ticksAtKill.map((t, i) => t - ticksAtStart[i]!);
    const ticksAfter = (await survivor.metric(TICKS)) - ticksAtKill[1 - owner]!;
    const ticks = ticksBefore[0]! + ticksBefore[1]! + ticksAfter;
    const keysLeft = await leaveAll(setup, topic);
    return [
      `${surviving.length} of ${SUBSCRIBERS}`,
      "2 → 1 (owner SIGKILLed)",
      surviving[0]!.length - 1,
      `${calls.length} / ${ticks} (${ticksBefore.join(" + ")} before, ${ticksAfter} after the kill) = ${(calls.length / Math.max(1, ticks)).toFixed(2)}`,
      `${percentile(delays, 50)} / ${percentile(delays, 99)}`,
      sameEverywhere(surviving) && surviving.every(isDone) ? "yes" : "NO",
      `${takeoverMs} (lease ${LEASE_MS})`,
      keysLeft,
      seconds.toFixed(1),
    ];
  });
}

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    return (await probe.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

if (!(await redisAnswers())) {
  process.stdout.write(`skipped: no Redis answers at ${REDIS_URL} (set REDIS_URL)\n`);
  process.exit(0);
}
const rows = [await steady(), await ownerKilled()];
process.stdout.write(
  `${table(
    [
      "subscribers",
      "instances",
      "changes pushed",
      "status calls / poll ticks (per instance)",
      "delivery delay after the poll p50 / p99 (ms)",
      "all saw every change",
      "takeover (ms)",
      "member keys left after all left",
      "flow time (s)",
    ],
    rows,
  )}\n`,
);
