/**
 * Losing Redis and getting it back (issue 6 "Health"): the instance reaches
 * Redis through a TCP proxy the test can cut, so the shared Redis itself is
 * never disturbed. Skipped without REDIS_URL / REQUIRE_REDIS.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "graphql-ws";
import { freshMember } from "../helpers/sandbox-http.js";
import { describeWithRedis, keysWithPrefix, redisTestUrl, useTestRedis } from "../helpers/redis.js";
import { waitFor } from "../helpers/start-test-server.js";
import { useTcpProxy } from "../helpers/tcp-proxy.js";
import { useTestServer } from "../helpers/fixtures.js";
import { IDENTIFY, isDone, StatusWatcher, wsClient } from "../helpers/ws-clients.js";

describeWithRedis("scale-out on Redis: losing Redis", () => {
  const clients: Client[] = [];
  // Registered before the server, so it runs before the server stops.
  after(() => Promise.all(clients.map((c) => Promise.resolve(c.dispose()))));
  const { redis, prefix } = useTestRedis();
  const proxy = useTcpProxy(redisTestUrl!);
  const server = useTestServer(() => ({
    env: { REDIS_URL: proxy.url(redisTestUrl!), REDIS_KEY_PREFIX: prefix, POLL_LEASE_MS: "1000" },
  }));

  function client(token: string): Client {
    const c = wsClient(server.wsUrl, token);
    clients.push(c);
    return c;
  }

  const logged = () => server.logs.lines.map((line) => JSON.parse(line) as { level: string; msg: string });

  const readyz = async () => {
    const res = await fetch(server.url.replace(/\/graphql$/, "/readyz"));
    return { status: res.status, body: (await res.json()) as { checks: Record<string, string> } };
  };

  test("open subscriptions get UPSTREAM_UNAVAILABLE, new ones fail with it, nothing crashes, and all resumes when Redis is back", async () => {
    const { guid, token } = await freshMember(server, "password");
    const watching = new StatusWatcher(client(token), guid);
    await watching.until((w) => w.events.length >= 1);

    await proxy.cut();
    await waitFor(
      () => server.coordination.redis!.isReady(),
      (ready) => !ready,
    );
    // Issue 15, finding 11: the open subscription is told, not left in silence.
    await watching.until((w) => w.errors.length > 0);
    const codeOf = (e: unknown) => (e as { extensions?: { code?: string } }).extensions?.code;
    assert.deepEqual(watching.errors.map(codeOf), ["UPSTREAM_UNAVAILABLE"]);
    assert.equal(watching.completed, false);
    const eventsBefore = watching.events.length;
    const lost = logged().filter((l) => l.msg.startsWith("redis: connection lost"));
    assert.ok(
      lost.length >= 1 && lost.every((l) => l.level === "error"),
      "a clear error line says Redis is gone",
    );
    const refused = new StatusWatcher(client(token), guid);
    await refused.until((w) => w.errors.length > 0 || w.completed);
    const codes = refused.errors.map((e) => (e as { extensions?: { code?: string } }).extensions?.code);
    assert.deepEqual(codes, ["UPSTREAM_UNAVAILABLE"]);
    assert.equal(refused.events.length, 0);
    // /readyz answers from a 2 s cache: wait for a fresh verdict.
    const down = await waitFor(readyz, (r) => r.status === 503, { timeoutMs: 5000, intervalMs: 200 });
    assert.equal(down.body.checks["redis"], "down");

    await proxy.restore();
    await waitFor(
      () => server.coordination.redis!.isReady(),
      (ready) => ready,
    );
    assert.ok(logged().some((l) => l.msg === "redis: connection restored"));
    // It recovers by itself: the current status comes again once Redis is back.
    await watching.until((w) => w.events.length > eventsBefore);
    // The subscription from before the outage is still live: its channel was subscribed again.
    await server.gql(IDENTIFY, { guid }, { token });
    await watching.until((w) => isDone(w.last) && w.events.length >= 2);
    assert.equal(watching.errors.length, 1, "only the outage's event");
    // New subscriptions work again and get the current status first.
    const after = new StatusWatcher(client(token), guid);
    await after.until((w) => w.events.length >= 1);
    assert.deepEqual(after.events[0], watching.last);
    const up = await waitFor(readyz, (r) => r.status === 200, { timeoutMs: 5000, intervalMs: 200 });
    assert.equal(up.body.checks["redis"], "ok");

    watching.dispose();
    after.dispose();
    await waitFor(
      () => server.poller.stats(),
      (s) => s.loops === 0 && s.inFlight === 0,
    );
    assert.deepEqual(await keysWithPrefix(redis, prefix), []);
  });
});
