/**
 * Scale-out on a real Redis (issue 6, DESIGN.md "Scale-out"): two server
 * instances in this process, each with its own Redis connections, on ONE
 * sandbox, so the sandbox's status-call count covers both. Skipped without
 * REDIS_URL / REQUIRE_REDIS (see test/helpers/redis.ts).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "graphql-ws";
import { RedisKeys } from "../../src/scale-out/redis-keys.js";
import { memberStatusTopic } from "../../src/subscriptions/index.js";
import { freshMember } from "../helpers/sandbox-http.js";
import { describeWithRedis, keysWithPrefix, useTwoInstances } from "../helpers/redis.js";
import { startTestServer, waitFor, type TestServer } from "../helpers/start-test-server.js";
import { ANSWER, IDENTIFY, isDone, StatusWatcher, wsClient } from "../helpers/ws-clients.js";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";
import { sleep } from "../helpers/time.js";

const STATUS_ROUTE = UPSTREAM_ROUTES.status;
const MEMBER_ROUTE = UPSTREAM_ROUTES.member;
const LEASE_MS = 1000;

describeWithRedis("scale-out on Redis: two instances on one sandbox", () => {
  const clients: Client[] = [];
  // Registered before the instances, so it runs before they stop.
  after(() => Promise.all(clients.map((c) => Promise.resolve(c.dispose()))));
  const { redis, prefix, sandbox, a, b, env } = useTwoInstances({ env: { POLL_LEASE_MS: String(LEASE_MS) } });
  const keys = new RedisKeys(prefix);

  function client(server: TestServer, token: string): Client {
    const c = wsClient(server.wsUrl, token);
    clients.push(c);
    return c;
  }

  async function loopsGone(...servers: TestServer[]): Promise<void> {
    for (const server of servers) {
      await waitFor(
        () => server.poller.stats(),
        (s) => s.loops === 0 && s.timers === 0 && s.inFlight === 0 && s.subscriptions === 0,
      );
    }
  }

  async function pollTicks(server: TestServer): Promise<number> {
    const metric = await server.metrics.pollTicks.get();
    return metric.values[0]?.value ?? 0;
  }

  const statusCalls = (memberGuid: string): number =>
    sandbox.calls.count({ route: STATUS_ROUTE, memberGuid });

  async function assertNothingLeft(memberGuid: string): Promise<void> {
    assert.deepEqual(
      await keysWithPrefix(redis, prefix),
      [],
      "no lease, watcher, status or lock keys remain",
    );
    const before = statusCalls(memberGuid);
    await sleep(300); // six poll intervals
    assert.equal(statusCalls(memberGuid), before, "polling stopped on every instance");
  }

  test("/readyz reports Redis on each instance", async () => {
    for (const server of [a, b]) {
      const res = await fetch(server.url.replace(/\/graphql$/, "/readyz"));
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { status: "ok", checks: { atrium: "ok", redis: "ok" } });
      assert.equal(server.coordination.kind, "redis");
    }
  });

  test("200 subscribers over both instances see every change; one status call per tick in total", async () => {
    const { guid, token } = await freshMember(a, "options");
    await loopsGone(a, b);
    const ticksBeforeA = await pollTicks(a);
    const ticksBeforeB = await pollTicks(b);
    const sockets = [a, b].flatMap((server) => Array.from({ length: 10 }, () => client(server, token)));
    // Socket i belongs to a for i < 10, to b after: watcher i alternates between the instances.
    const watchers = Array.from(
      { length: 200 },
      (_, i) => new StatusWatcher(sockets[(i % 2) * 10 + (i % 10)]!, guid),
    );
    await Promise.all(watchers.map((w) => w.until((x) => x.events.length >= 1)));
    assert.equal(a.poller.stats().subscriptions, 100);
    assert.equal(b.poller.stats().subscriptions, 100);

    // The mutation goes to b and the answer to a: whichever polls is nudged through Redis.
    await b.gql(IDENTIFY, { guid }, { token });
    await Promise.all(watchers.map((w) => w.until((x) => x.last?.connectionStatus === "CHALLENGED")));
    const challenge = watchers[0]!.last!.challenges[0]!;
    const answered = await a.gql(
      ANSWER,
      { guid, answers: [{ challengeGuid: challenge.guid, value: "correct" }] },
      { token },
    );
    assert.equal(answered.errors, undefined);
    await Promise.all(watchers.map((w) => w.until((x) => isDone(x.last))));
    assert.equal(watchers[0]!.last!.connectionStatus, "CONNECTED");
    // While both had subscribers, one instance polled and the other only listened.
    const flowTicks = [(await pollTicks(a)) - ticksBeforeA, (await pollTicks(b)) - ticksBeforeB];
    assert.equal(Math.min(...flowTicks), 0, `one poller, not two: ticks ${flowTicks.join(" / ")}`);
    assert.equal(statusCalls(guid), Math.max(...flowTicks), "one status call per tick of the owner");
    for (const w of watchers) w.dispose();
    await loopsGone(a, b);

    // Handing over while subscribers leave may add a tick elsewhere; still one call per tick in total.
    const ticks = (await pollTicks(a)) - ticksBeforeA + (await pollTicks(b)) - ticksBeforeB;
    assert.ok(ticks >= 3, `a few ticks happened (${ticks})`);
    assert.equal(
      statusCalls(guid),
      ticks,
      "exactly one upstream status call per poll tick, both instances together",
    );
    const reference = JSON.stringify(watchers[0]!.events);
    assert.ok(watchers[0]!.events.length >= 3, "several changes");
    for (const w of watchers) {
      assert.equal(JSON.stringify(w.events), reference, "every subscriber saw every change, in order");
      assert.equal(w.errors.length, 0);
    }
    for (let i = 1; i < watchers[0]!.events.length; i++) {
      assert.notDeepEqual(watchers[0]!.events[i], watchers[0]!.events[i - 1], "only changes are pushed");
    }
    await assertNothingLeft(guid);
  });

  test("a new subscriber on the instance that does not poll gets the current status first", async () => {
    const { userGuid, guid, token } = await freshMember(a, "password");
    const first = new StatusWatcher(client(a, token), guid);
    await first.until((w) => w.events.length >= 1);
    const callsBefore = statusCalls(guid);
    const late = new StatusWatcher(client(b, token), guid);
    await late.until((w) => w.events.length >= 1);
    assert.deepEqual(late.events[0], first.events[0], "replayed from Redis, not polled again");
    // b did not poll for it: a holds the lease (ticks may still happen on a's cadence).
    assert.equal(await redis.get(keys.lease(memberStatusTopic(userGuid, guid))), a.coordination.instanceId);
    assert.ok(statusCalls(guid) - callsBefore <= 1);
    first.dispose();
    late.dispose();
    await loopsGone(a, b);
    await assertNothingLeft(guid);
  });

  test("the MFA lock in Redis serialises answers across instances", async () => {
    const { guid, token } = await freshMember(a, "challenge");
    await a.gql(IDENTIFY, { guid }, { token });
    sandbox.controls.settle(guid);
    assert.equal(sandbox.controls.getMember(guid)?.["connection_status"], "CHALLENGED");
    const read = await a.gql<{ member: { challenges: Array<{ guid: string }> } }>(
      `query($guid: ID!) { member(guid: $guid) { challenges { guid } } }`,
      { guid },
      { token },
    );
    const challengeGuid = read.data!.member.challenges[0]!.guid;
    // Slow reads before the resume: without a shared lock both instances would pass them and resume twice.
    sandbox.controls.setLatency(300, { route: `${MEMBER_ROUTE}/challenges` });
    try {
      const resumesBefore = sandbox.calls.count({ route: `${MEMBER_ROUTE}/resume` });
      const results = await Promise.all(
        [a, b].map((server) =>
          server.gql(ANSWER, { guid, answers: [{ challengeGuid, value: "correct" }] }, { token }),
        ),
      );
      const codes = results.map((r) => r.errors?.[0]?.extensions?.code ?? "ok").sort();
      assert.deepEqual(codes, ["MFA_NOT_PENDING", "ok"]);
      assert.equal(sandbox.calls.count({ route: `${MEMBER_ROUTE}/resume` }) - resumesBefore, 1);
    } finally {
      sandbox.controls.setLatency(0, { route: `${MEMBER_ROUTE}/challenges` });
    }
    assert.deepEqual(await keysWithPrefix(redis, prefix), [], "the lock is released");
  });

  test("killing the owner moves polling to the other instance within two lease periods; no final event is lost", async () => {
    const { userGuid, guid, token } = await freshMember(a, "challenge");
    const topic = memberStatusTopic(userGuid, guid);
    // a subscribes first, so a polls.
    const onA = Array.from({ length: 5 }, () => new StatusWatcher(client(a, token), guid));
    await Promise.all(onA.map((w) => w.until((x) => x.events.length >= 1)));
    assert.equal(await redis.get(keys.lease(topic)), a.coordination.instanceId);
    const onB = Array.from({ length: 5 }, () => new StatusWatcher(client(b, token), guid));
    await Promise.all(onB.map((w) => w.until((x) => x.events.length >= 1)));

    await b.gql(IDENTIFY, { guid }, { token });
    await Promise.all(onB.map((w) => w.until((x) => x.last?.connectionStatus === "CHALLENGED")));
    assert.equal(await redis.get(keys.lease(topic)), a.coordination.instanceId, "a still polls");

    // The crash: a's Redis links go dead without releasing anything, then a goes away.
    const killedAt = Date.now();
    a.coordination.redis!.command.disconnect();
    a.coordination.redis!.subscriber.disconnect();
    await a.close();
    await waitFor(
      () => redis.get(keys.lease(topic)),
      (holder) => holder === b.coordination.instanceId,
      { timeoutMs: 4 * LEASE_MS },
    );
    const takeoverMs = Date.now() - killedAt;
    assert.ok(takeoverMs <= 2 * LEASE_MS, `b took over in ${takeoverMs} ms (lease ${LEASE_MS} ms)`);

    const challenge = onB[0]!.last!.challenges[0]!;
    const answered = await b.gql(
      ANSWER,
      { guid, answers: [{ challengeGuid: challenge.guid, value: "correct" }] },
      { token },
    );
    assert.equal(answered.errors, undefined);
    await Promise.all(onB.map((w) => w.until((x) => isDone(x.last))));
    const reference = JSON.stringify(onB[0]!.events);
    for (const w of onB) assert.equal(JSON.stringify(w.events), reference);
    const statuses = onB[0]!.events.map((e) => e.connectionStatus);
    assert.equal(
      statuses.filter((s) => s === "CHALLENGED").length,
      1,
      `no repeat after the takeover: ${statuses.join()}`,
    );
    assert.equal(onB[0]!.last!.connectionStatus, "CONNECTED");

    for (const w of [...onA, ...onB]) w.dispose();
    await loopsGone(b);
    await assertNothingLeft(guid);
  });
  test("an instance shut down with live subscribers releases its leases and marks", async () => {
    const c = await startTestServer({ upstream: sandbox, env });
    const { userGuid, guid, token } = await freshMember(c, "password");
    const watcher = new StatusWatcher(client(c, token), guid);
    await watcher.until((w) => w.events.length >= 1);
    assert.equal(await redis.get(keys.lease(memberStatusTopic(userGuid, guid))), c.coordination.instanceId);
    await c.close(); // as on SIGTERM: sockets closed, loops stopped, leases released, then Redis closed
    await assertNothingLeft(guid);
  });
});
