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
import { createClient, type Client } from "graphql-ws";
import { Redis } from "ioredis";
import WebSocket from "ws";
import { signUserToken } from "../src/auth/token-verifier.js";
import { RedisKeys } from "../src/scale-out/redis-keys.js";
import { memberStatusTopic } from "../src/subscriptions/topics.js";
import {
  AUTH_SECRET,
  percentile,
  startSandboxProcess,
  startServerProcess,
  table,
  type SandboxProc,
  type ServerProc,
} from "./processes.js";

const REDIS_URL = process.env["REDIS_URL"] || "redis://127.0.0.1:6379";
const SUBSCRIBERS = Number(process.env["BENCH_SCALEOUT_SUBSCRIBERS"] ?? 1000);
const PER_SOCKET = 100;
const POLL_INTERVAL_MS = 1000;
const LEASE_MS = 3000; // the default for a 1 s interval: max(3 × interval, 2 s)
const STATUS_ROUTE = "/users/:user_guid/members/:member_guid/status";
const SUBSCRIPTION = `subscription($guid: ID!) { memberStatus(memberGuid: $guid) { connectionStatus isBeingAggregated isFinal } }`;
const TICKS = "member_status_poll_ticks_total";

interface Received {
  key: string;
  at: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** A member waiting to be identified (MX Bank "challenge": one MFA round) and a token for its user. */
async function member(sandbox: SandboxProc): Promise<{ user: string; guid: string; token: string }> {
  const user = (await sandbox.control("POST", "/users", { user: { identifier: `scale-${Date.now()}` } }))[
    "user"
  ] as { guid: string };
  const created = (
    await sandbox.control("POST", `/users/${user.guid}/members`, {
      member: {
        institution_code: "mxbank",
        skip_aggregation: true,
        credentials: [
          { guid: "CRD-9f61fb4c-912c-bd1e-b175-ccc7f0275cc1", value: "test_atrium" },
          { guid: "CRD-e3d7ea81-aac7-05e9-fbdd-4b493c6e474d", value: "challenge" },
        ],
      },
    })
  )["member"] as { guid: string };
  return { user: user.guid, guid: created.guid, token: await signUserToken(AUTH_SECRET, user.guid) };
}

/** `n` subscribers, socket by socket alternating between the servers; each log records its events. */
function subscribe(
  servers: ServerProc[],
  clients: Client[],
  n: number,
  guid: string,
  token: string,
): Received[][] {
  const sockets: Client[] = [];
  for (let s = 0; s < Math.ceil(n / PER_SOCKET); s++) {
    const client = createClient({
      url: servers[s % servers.length]!.url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    sockets.push(client);
    clients.push(client);
  }
  return Array.from({ length: n }, (_, i) => {
    const log: Received[] = [];
    sockets[Math.floor(i / PER_SOCKET)]!.subscribe<{
      memberStatus: { connectionStatus: string; isBeingAggregated: boolean };
    }>(
      { query: SUBSCRIPTION, variables: { guid } },
      {
        next: (result) => {
          const status = result.data?.memberStatus;
          if (status)
            log.push({ key: `${status.connectionStatus}/${status.isBeingAggregated}`, at: Date.now() });
        },
        error: () => {},
        complete: () => {},
      },
    );
    return log;
  });
}

async function gql(server: ServerProc, token: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

const IDENTIFY = `mutation($g: ID!) { identifyMember(memberGuid: $g) { alreadyRunning } }`;
const ANSWER = `mutation($g: ID!, $a: [MfaAnswerInput!]!) { answerMfa(memberGuid: $g, answers: $a) { member { guid } } }`;

async function answerChallenge(server: ServerProc, token: string, guid: string): Promise<void> {
  const read = await gql(server, token, `query($g: ID!) { member(guid: $g) { challenges { guid } } }`, {
    g: guid,
  });
  const challengeGuid = (read.data?.["member"] as { challenges: Array<{ guid: string }> }).challenges[0]!
    .guid;
  const answered = await gql(server, token, ANSWER, { g: guid, a: [{ challengeGuid, value: "correct" }] });
  if (answered.errors) throw new Error(`answerMfa failed: ${JSON.stringify(answered.errors)}`);
}

async function statusCallTimes(sandbox: SandboxProc, guid: string): Promise<number[]> {
  const path = `/_sandbox/calls?route=${encodeURIComponent(STATUS_ROUTE)}&member_guid=${guid}`;
  return ((await sandbox.control("GET", path))["calls"] as Array<{ at: number }>)
    .map((c) => c.at)
    .sort((a, b) => a - b);
}

/** Each change after the first event was seen by the latest status poll answered before it reached anyone. */
function deliveryDelays(received: Received[][], calls: number[]): number[] {
  const delays: number[] = [];
  const reference = received[0]!;
  for (let k = 1; k < reference.length; k++) {
    const firstArrival = Math.min(...received.map((log) => log[k]?.at ?? Number.POSITIVE_INFINITY));
    const pollAt = calls.filter((at) => at <= firstArrival).pop();
    if (pollAt === undefined) continue;
    for (const log of received) if (log[k]) delays.push(log[k]!.at - pollAt);
  }
  return delays.sort((a, b) => a - b);
}

const sameEverywhere = (received: Received[][]) =>
  received.every((log) => log.map((r) => r.key).join() === received[0]!.map((r) => r.key).join());
const isDone = (log: Received[]) => log[log.length - 1]?.key === "CONNECTED/false";

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
