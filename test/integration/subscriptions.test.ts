import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import WebSocket from "ws";
import { ApolloClient, InMemoryCache, gql } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { waitFor } from "../helpers/start-test-server.js";
import { createUser, freshMember, UPSTREAM_APIS } from "../helpers/sandbox-http.js";
import {
  MEMBER_STATUS,
  StatusWatcher,
  wsClient,
  type StatusEvent,
  IDENTIFY,
  ANSWER,
  isDone,
} from "../helpers/ws-clients.js";
import type { Client } from "graphql-ws";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";
import { sleep } from "../helpers/time.js";
import { describeWithRedis, redisTestUrl, uniquePrefix } from "../helpers/redis.js";
import { useTestServer } from "../helpers/fixtures.js";

const STATUS_ROUTE = UPSTREAM_ROUTES.status;

/** One suite over variants: both dialects on the in-process bus, and the Redis bus (scale-out's). */
const VARIANTS = [
  ...UPSTREAM_APIS.map((api) => ({ api, bus: "in-memory" as const })),
  { api: "atrium" as const, bus: "redis" as const },
];

for (const { api, bus } of VARIANTS) {
  const suite = bus === "redis" ? describeWithRedis : describe;
  suite(`upstream dialect: ${api}, ${bus} bus`, () => {
    const clients: Client[] = [];
    const env: Record<string, string> =
      bus === "redis" ? { REDIS_URL: redisTestUrl ?? "", REDIS_KEY_PREFIX: uniquePrefix() } : {};
    const server = useTestServer({ api, env });
    after(async () => {
      await Promise.all(clients.map((c) => Promise.resolve(c.dispose())));
    });

    function client(token = server.demoToken): Client {
      const c = wsClient(server.wsUrl, token);
      clients.push(c);
      return c;
    }

    async function loopsGone(): Promise<void> {
      await waitFor(
        () => server.poller.stats(),
        (s) => s.loops === 0 && s.timers === 0 && s.inFlight === 0 && s.subscriptions === 0,
      );
    }

    async function assertNoMorePolls(memberGuid: string): Promise<void> {
      const before = server.sandbox!.calls.count({ route: STATUS_ROUTE, memberGuid });
      await sleep(300); // six poll intervals
      assert.equal(server.sandbox!.calls.count({ route: STATUS_ROUTE, memberGuid }), before);
    }

    describe("memberStatus over graphql-ws", () => {
      test("the full MFA flow watched live", async () => {
        const { guid, token } = await freshMember(server, "challenge");
        const watcher = new StatusWatcher(client(token), guid);
        await watcher.until((w) => w.events.length >= 1);
        assert.equal(watcher.events[0]?.isBeingAggregated, false, "first event at once: the idle member");

        await server.gql(IDENTIFY, { guid }, { token });
        await watcher.until((w) => w.last?.connectionStatus === "CHALLENGED" && w.last.challenges.length > 0);
        const challenge = watcher.last!.challenges[0]!;
        assert.equal(watcher.last!.needsUserAction, true);

        const answered = await server.gql(
          ANSWER,
          { guid, answers: [{ challengeGuid: challenge.guid, value: "correct" }] },
          { token },
        );
        assert.equal(answered.errors, undefined);
        await watcher.until((w) => isDone(w.last));
        const statuses = watcher.events.map((e) => e.connectionStatus);
        assert.ok(statuses.includes("RESUMED") || statuses.includes("CONNECTED"));
        assert.equal(watcher.last!.connectionStatus, "CONNECTED");
        assert.equal(watcher.errors.length, 0);
        for (let i = 1; i < watcher.events.length; i++) {
          assert.notDeepEqual(watcher.events[i], watcher.events[i - 1], "only changes are pushed");
        }
        watcher.dispose();
        await loopsGone();
      });

      test("200 subscribers on one member: one status call per tick, every subscriber sees every change", async () => {
        const { guid, token } = await freshMember(server, "options");
        // No other loop runs now, so every poll tick from here to the end is this member's.
        await loopsGone();
        const ticksBefore = await pollTicks();
        const sockets = Array.from({ length: 20 }, () => client(token));
        const watchers = Array.from({ length: 200 }, (_, i) => new StatusWatcher(sockets[i % 20]!, guid));
        await Promise.all(watchers.map((w) => w.until((x) => x.events.length >= 1)));

        await server.gql(IDENTIFY, { guid }, { token });
        await Promise.all(watchers.map((w) => w.until((x) => x.last?.connectionStatus === "CHALLENGED")));
        const option = watchers[0]!.last!.challenges[0]!.options.find((o) => o.value === "correct")!;
        await server.gql(
          ANSWER,
          { guid, answers: [{ challengeGuid: watchers[0]!.last!.challenges[0]!.guid, value: option.value }] },
          { token },
        );
        await Promise.all(watchers.map((w) => w.until((x) => isDone(x.last))));
        for (const w of watchers) w.dispose();
        await loopsGone();

        const ticks = (await pollTicks()) - ticksBefore;
        const calls = server.sandbox!.calls.count({ route: STATUS_ROUTE, memberGuid: guid });
        assert.ok(ticks >= 3, `a few ticks happened (${ticks})`);
        assert.equal(calls, ticks, "exactly one upstream status call per poll tick");
        const reference = JSON.stringify(watchers[0]!.events);
        assert.ok(watchers[0]!.events.length >= 3);
        for (const w of watchers) assert.equal(JSON.stringify(w.events), reference);
        await assertNoMorePolls(guid);
      });

      test("teardown by complete, by an abrupt socket close, and by closing during subscribe leaves nothing", async () => {
        const guid = server.sandbox!.demo.members.noMfa;
        // complete
        const completer = new StatusWatcher(client(), guid);
        await completer.until((w) => w.events.length >= 1);
        assert.equal(server.poller.hasLoop(server.sandbox!.demo.userGuid, guid), true);
        completer.dispose();
        await loopsGone();
        await assertNoMorePolls(guid);

        // abrupt close of the raw socket, no complete message
        const raw = await rawSubscribe(guid);
        await new Promise((resolve) => raw.once("message", resolve));
        assert.equal(server.poller.stats().loops, 1);
        raw.terminate();
        await loopsGone();
        await assertNoMorePolls(guid);

        // close while the subscription is still being set up
        const early = await rawSubscribe(guid);
        early.terminate();
        await sleep(100);
        await loopsGone();
        await assertNoMorePolls(guid);
      });

      test("polls never overlap, even when upstream answers slower than the interval", async () => {
        const { guid, token } = await freshMember(server, "password");
        server.sandbox!.controls.setLatency(150, { route: STATUS_ROUTE });
        server.sandbox!.controls.setSpeed(4); // a job of several status readings
        try {
          const watcher = new StatusWatcher(client(token), guid);
          await watcher.until((w) => w.events.length >= 1);
          await server.gql(IDENTIFY, { guid }, { token });
          // The first event (an idle CREATED member) is final too: wait for the job's own end.
          await watcher.until((w) => w.events.length >= 2 && isDone(w.last));
          watcher.dispose();
          await loopsGone();
          const arrivals = server
            .sandbox!.calls.list({ route: STATUS_ROUTE, memberGuid: guid })
            .map((c) => c.at)
            .sort((a, b) => a - b);
          assert.ok(arrivals.length >= 4, `several polls (${arrivals.length})`);
          for (let i = 1; i < arrivals.length; i++) {
            assert.ok(
              arrivals[i]! - arrivals[i - 1]! >= 140,
              "a poll started before the previous one answered",
            );
          }
        } finally {
          server.sandbox!.controls.setLatency(0, { route: STATUS_ROUTE });
          server.sandbox!.controls.setSpeed(40);
        }
      });

      test("no token → the connection is refused with 4403", async () => {
        for (const token of [undefined, "not-a-token"]) {
          const c = wsClient(server.wsUrl, token);
          const closed = await new Promise<{ code: number }>((resolve) => {
            c.on("closed", (event) => resolve(event as { code: number }));
            c.subscribe(
              { query: MEMBER_STATUS, variables: { guid: server.sandbox!.demo.members.noMfa } },
              {
                next: () => {},
                error: () => {},
                complete: () => {},
              },
            );
          });
          assert.equal(closed.code, 4403);
          await c.dispose();
        }
        assert.equal(server.poller.stats().loops, 0);
      });

      test("another user's member → NOT_FOUND for that subscription", async () => {
        const userB = await createUser(server.sandbox!, `watcher-b-${Date.now()}`, api);
        const watcher = new StatusWatcher(
          client(await server.token(userB)),
          server.sandbox!.demo.members.textMfa,
        );
        await watcher.until((w) => w.errors.length > 0 || w.completed);
        assert.equal(watcher.events.length, 0);
        const extensions = watcher.errors.map(
          (e) => (e as { extensions?: { code?: string; requestId?: string } }).extensions,
        );
        assert.deepEqual(
          extensions.map((x) => x?.code),
          ["NOT_FOUND"],
        );
        assert.ok(extensions[0]?.requestId, "the error carries a request id");
        watcher.dispose();
        await loopsGone();
      });

      test("upstream faults mid-flow: the subscription recovers and reaches the end", async () => {
        const { guid, token } = await freshMember(server, "image");
        const watcher = new StatusWatcher(client(token), guid);
        await watcher.until((w) => w.events.length >= 1);
        await server.gql(IDENTIFY, { guid }, { token });
        server.sandbox!.controls.injectFault({
          route: STATUS_ROUTE,
          memberGuid: guid,
          kind: "503",
          times: 6,
        });
        server.sandbox!.controls.injectFault({
          route: STATUS_ROUTE,
          memberGuid: guid,
          kind: "hang",
          times: 1,
        });
        await watcher.until((w) => w.last?.connectionStatus === "CHALLENGED");
        server.sandbox!.controls.injectFault({
          route: STATUS_ROUTE,
          memberGuid: guid,
          kind: "500",
          times: 4,
        });
        const challenge = watcher.last!.challenges[0]!;
        await server.gql(
          ANSWER,
          { guid, answers: [{ challengeGuid: challenge.guid, value: "correct" }] },
          { token },
        );
        await watcher.until((w) => isDone(w.last), 30_000);
        assert.equal(watcher.last!.connectionStatus, "CONNECTED");
        watcher.dispose();
        await loopsGone();
      });

      test("/metrics counts active subscriptions, poll loops, ticks and deliveries", async () => {
        const base = server.url.replace("/graphql", "");
        const metric = async (name: string): Promise<number> => {
          const text = await fetch(`${base}/metrics`).then((r) => r.text());
          const line = text.split("\n").find((l) => l.startsWith(`${name} `));
          return Number(line?.split(" ").pop() ?? Number.NaN);
        };
        await loopsGone();
        const deliveriesBefore = await metric("member_status_deliveries_total");
        const ticksBefore = await metric("member_status_poll_ticks_total");
        const { guid, token } = await freshMember(server, "password");
        const socket = client(token);
        const watchers = [1, 2, 3].map(() => new StatusWatcher(socket, guid));
        await Promise.all(watchers.map((w) => w.until((x) => x.events.length >= 1)));
        assert.equal(await metric("graphql_active_subscriptions"), 3);
        assert.equal(await metric("member_status_poll_loops"), 1);
        assert.equal((await metric("member_status_poll_ticks_total")) - ticksBefore, 1);
        assert.equal((await metric("member_status_deliveries_total")) - deliveriesBefore, 3);
        for (const w of watchers) w.dispose();
        await loopsGone();
        assert.equal(await metric("graphql_active_subscriptions"), 0);
        assert.equal(await metric("member_status_poll_loops"), 0);
      });

      test("Apollo Client's GraphQLWsLink receives the live status", async () => {
        const { guid, token } = await freshMember(server, "password");
        const wsLinkClient = client(token);
        const apollo = new ApolloClient({
          link: new GraphQLWsLink(wsLinkClient),
          cache: new InMemoryCache(),
        });
        const seen: StatusEvent[] = [];
        const done = new Promise<void>((resolve, reject) => {
          const sub = apollo
            .subscribe<{ memberStatus: StatusEvent }>({ query: gql(MEMBER_STATUS), variables: { guid } })
            .subscribe({
              next: (result) => {
                if (result.data) seen.push(result.data.memberStatus);
                if (isDone(result.data?.memberStatus) && seen.length > 1) {
                  sub.unsubscribe();
                  resolve();
                }
              },
              error: reject,
            });
        });
        await waitFor(
          () => seen.length,
          (n) => n >= 1,
        );
        await server.gql(IDENTIFY, { guid }, { token });
        await done;
        assert.equal(seen[seen.length - 1]?.connectionStatus, "CONNECTED");
        apollo.stop();
        await loopsGone();
      });
    });

    /** A bare graphql-transport-ws socket that subscribes and is then dropped without `complete`. */
    async function rawSubscribe(guid: string): Promise<WebSocket> {
      const socket = new WebSocket(server.wsUrl, "graphql-transport-ws");
      await new Promise((resolve) => socket.once("open", resolve));
      socket.send(
        JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${server.demoToken}` } }),
      );
      await new Promise((resolve) => socket.once("message", resolve));
      socket.send(
        JSON.stringify({
          id: "1",
          type: "subscribe",
          payload: { query: MEMBER_STATUS, variables: { guid } },
        }),
      );
      return socket;
    }

    async function pollTicks(): Promise<number> {
      const metric = await server.metrics.pollTicks.get();
      return metric.values[0]?.value ?? 0;
    }
  });
}
