// MX webhooks as a push beside the poller (Platform API only): the embedded sandbox plays MX and
// delivers MEMBER / CONNECTION_STATUS webhooks to the server, which nudges the member's poll loop.
// POLL_INTERVAL_MS is 10 s here, so every status a subscriber sees sooner came from a nudge.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { waitFor } from "../helpers/start-test-server.js";
import { freshMember } from "../helpers/sandbox-http.js";
import { ANSWER, IDENTIFY, StatusWatcher, isDone, wsClient } from "../helpers/ws-clients.js";
import type { Client } from "graphql-ws";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";
import { sleep } from "../helpers/time.js";
import { useTestServer } from "../helpers/fixtures.js";
import { postWebhook, webhookServerEnv, webhookUrl } from "../helpers/mx-webhooks.js";

const STATUS_ROUTE = UPSTREAM_ROUTES.status;
const USERNAME = "mx-webhook-test";
const PASSWORD = "webhook-password-0123456789";

const clients: Client[] = [];
after(() => Promise.all(clients.map((c) => Promise.resolve(c.dispose()))));
const server = useTestServer({ api: "platform", env: webhookServerEnv(USERNAME, PASSWORD) });

function watch(token: string, guid: string): StatusWatcher {
  const client = wsClient(server.wsUrl, token);
  clients.push(client);
  return new StatusWatcher(client, guid);
}

const post = (body: unknown, credentials = `${USERNAME}:${PASSWORD}`): Promise<Response> =>
  postWebhook(server, body, credentials);

const statusCalls = (memberGuid: string): number =>
  server.sandbox!.calls.count({ route: STATUS_ROUTE, memberGuid });

/** Status calls that reached the sandbox in [from, to]. */
const callsBetween = (memberGuid: string, from: number, to: number): number =>
  server
    .sandbox!.calls.list({ route: STATUS_ROUTE, memberGuid })
    .filter((c) => c.arrivedAt >= from && c.arrivedAt <= to).length;

async function webhookMetric(outcome: string): Promise<number> {
  const text = await server.metrics.registry.metrics();
  const match = new RegExp(`mx_webhooks_total\\{outcome="${outcome}"\\} (\\d+)`).exec(text);
  return Number(match?.[1] ?? 0);
}

describe("MX webhooks nudge the poller", () => {
  test("with a 10 s poll interval, a subscriber sees CHALLENGED and then CONNECTED, each one round trip after the sandbox's webhook", async () => {
    const { guid, token } = await freshMember(server, "options");
    const watcher = watch(token, guid);
    await watcher.until((w) => w.events.length >= 1);
    server.sandbox!.webhooks.reset();
    const started = Date.now();
    await server.gql(IDENTIFY, { guid }, { token });
    await watcher.until((w) => w.last?.connectionStatus === "CHALLENGED", 8000);
    const challenge = watcher.last!.challenges[0]!;
    const option = challenge.options.find((o) => o.value === "correct")!;
    await server.gql(
      ANSWER,
      { guid, answers: [{ challengeGuid: challenge.guid, value: option.value }] },
      { token },
    );
    await watcher.until((w) => isDone(w.last), 8000);
    assert.ok(Date.now() - started < 10_000, "the flow ended before the first 10 s poll interval");

    // Order: CHALLENGED, then the final CONNECTED, nothing after it.
    const statuses = watcher.events.map((e) => e.connectionStatus);
    const challengedAt = statuses.indexOf("CHALLENGED");
    assert.ok(challengedAt > 0, statuses.join());
    assert.equal(statuses.at(-1), "CONNECTED", statuses.join());
    assert.ok(statuses.lastIndexOf("CHALLENGED") < statuses.length - 1);

    // Each change reached the subscriber one status round trip after the sandbox's webhook.
    const deliveries = server.sandbox!.webhooks.deliveries().filter((d) => d.memberGuid === guid);
    assert.ok(
      deliveries.every((d) => d.status === 204),
      JSON.stringify(deliveries),
    );
    const sent = (status: string, type = "MEMBER") =>
      deliveries.find((d) => d.connectionStatus === status && d.type === type)!;
    assert.ok(sent("CHALLENGED", "CONNECTION_STATUS"), "a CONNECTION_STATUS webhook for CHALLENGED");
    const challengedArrival = watcher.arrivals[challengedAt]!;
    const finalArrival = watcher.arrivals.at(-1)!;
    const lastMember = deliveries.filter((d) => d.type === "MEMBER").at(-1)!;
    for (const [from, to] of [
      [sent("CHALLENGED").sentAt, challengedArrival],
      [lastMember.sentAt, finalArrival],
    ] as const) {
      const between = callsBetween(guid, from, to);
      assert.ok(between >= 1 && between <= 2, `status calls between webhook and delivery: ${between}`);
    }
    // Every status call came from a nudge: the subscription's first poll, two mutations, the webhooks.
    assert.ok(statusCalls(guid) <= 3 + deliveries.length, `${statusCalls(guid)} status calls`);
    watcher.dispose();
  });

  test("wrong or missing credentials → 401, and nothing changes", async () => {
    const { guid, token, userGuid } = await freshMember(server, "password");
    const watcher = watch(token, guid);
    await watcher.until((w) => w.events.length >= 1);
    await sleep(50);
    const calls = statusCalls(guid);
    const body = {
      type: "MEMBER",
      action: "UPDATED",
      guid,
      user_guid: userGuid,
      connection_status: "CONNECTED",
    };
    const refusedBefore = await webhookMetric("unauthorized");
    for (const credentials of [`${USERNAME}:wrong-password-0123456789`, `other:${PASSWORD}`, "", PASSWORD]) {
      const res = await post(body, credentials);
      assert.equal(res.status, 401, credentials);
      assert.match(res.headers.get("www-authenticate") ?? "", /^Basic/);
      const answer = (await res.json()) as {
        errors: Array<{ extensions: { code: string; requestId: string } }>;
      };
      assert.equal(answer.errors[0]!.extensions.code, "UNAUTHENTICATED");
      assert.ok(answer.errors[0]!.extensions.requestId);
    }
    const bare = await fetch(webhookUrl(server), { method: "POST", body: JSON.stringify(body) });
    assert.equal(bare.status, 401);
    await sleep(200);
    assert.equal(statusCalls(guid), calls, "no poll was nudged");
    assert.equal((await webhookMetric("unauthorized")) - refusedBefore, 5);
    assert.equal(watcher.events.length, 1);
    watcher.dispose();
  });

  test("1,000 repeated webhooks cause at most one extra poll per member per interval", async () => {
    const a = await freshMember(server, "password");
    const b = await freshMember(server, "password");
    const watchers = [watch(a.token, a.guid), watch(b.token, b.guid)];
    await Promise.all(watchers.map((w) => w.until((x) => x.events.length >= 1)));
    await sleep(50);
    const before = [statusCalls(a.guid), statusCalls(b.guid)];
    const bodies = [a, b].map((m) => ({
      type: "MEMBER",
      action: "UPDATED",
      guid: m.guid,
      user_guid: m.userGuid,
      connection_status: "CREATED",
      is_being_aggregated: false,
      aggregated_at: 1_700_000_000,
      unknown_field: { nested: [1, 2, 3] },
    }));
    for (let sent = 0; sent < 1000; sent += 50) {
      const batch = Array.from({ length: 50 }, (_, i) => post(bodies[(sent + i) % 2]));
      for (const res of await Promise.all(batch)) assert.equal(res.status, 204);
    }
    await sleep(300);
    assert.deepEqual([statusCalls(a.guid) - before[0]!, statusCalls(b.guid) - before[1]!], [1, 1]);
    for (const w of watchers) w.dispose();
  });

  test("other webhook types, unknown members and unknown fields are answered 204 and ignored; non-JSON is 400", async () => {
    const { guid, token, userGuid } = await freshMember(server, "password");
    const watcher = watch(token, guid);
    await watcher.until((w) => w.events.length >= 1);
    await sleep(50);
    const calls = statusCalls(guid);
    for (const body of [
      { type: "AGGREGATION", action: "member_data_updated", member_guid: guid, user_guid: userGuid },
      { type: "MEMBER", guid: "not-a-guid", user_guid: userGuid },
      { type: "CONNECTION_STATUS", member_guid: guid },
      [1, 2],
    ]) {
      assert.equal((await post(body)).status, 204, JSON.stringify(body));
    }
    assert.equal((await post("{not json")).status, 400);
    await sleep(200);
    assert.equal(statusCalls(guid), calls);
    watcher.dispose();
    await waitFor(
      () => server.poller.stats().loops,
      (n) => n === 0,
    );
  });
});
