/**
 * MX webhooks on two instances sharing Redis and one Platform-dialect sandbox:
 * a webhook that lands on the instance that does not poll the member still
 * nudges the one that does, and repeats spread over both instances cost at most
 * one extra poll per member per interval together. Skipped without Redis.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "graphql-ws";
import { freshMember } from "../helpers/sandbox-http.js";
import { describeWithRedis, useTwoInstances } from "../helpers/redis.js";
import { postWebhook, webhookServerEnv } from "../helpers/mx-webhooks.js";
import { waitFor, type TestServer } from "../helpers/start-test-server.js";
import { StatusWatcher, wsClient } from "../helpers/ws-clients.js";
import { sleep } from "../helpers/time.js";

const STATUS_ROUTE = "/users/:user_guid/members/:member_guid/status";
const USERNAME = "mx-redis-test";
const PASSWORD = "redis-webhook-password-0123";

describeWithRedis("MX webhooks across instances on Redis", () => {
  const clients: Client[] = [];
  // Registered before the instances, so it runs before they stop.
  after(() => Promise.all(clients.map((c) => Promise.resolve(c.dispose()))));
  const { sandbox, a, b } = useTwoInstances({ api: "platform", env: webhookServerEnv(USERNAME, PASSWORD) });

  const post = (server: TestServer, body: unknown): Promise<Response> =>
    postWebhook(server, body, `${USERNAME}:${PASSWORD}`);

  test("a webhook on the other instance nudges the polling one; repeats over both cost one poll", async () => {
    const { guid, token, userGuid } = await freshMember({ ...a, sandbox }, "password");
    const client = wsClient(a.wsUrl, token);
    clients.push(client);
    const watcher = new StatusWatcher(client, guid);
    await watcher.until((w) => w.events.length >= 1);
    await waitFor(
      () => a.poller.stats().loops,
      (n) => n === 1,
    );
    await sleep(100);
    const calls = (): number => sandbox.calls.count({ route: STATUS_ROUTE, memberGuid: guid });
    const start = calls();
    const body = (status: string) => ({
      type: "MEMBER",
      guid,
      user_guid: userGuid,
      connection_status: status,
      is_being_aggregated: false,
    });

    assert.equal((await post(b, body("CREATED"))).status, 204);
    await waitFor(calls, (n) => n === start + 1);

    for (let sent = 0; sent < 200; sent += 50) {
      const batch = Array.from({ length: 50 }, (_, i) => post((sent + i) % 2 ? a : b, body("UPDATED")));
      for (const res of await Promise.all(batch)) assert.equal(res.status, 204);
    }
    await sleep(300);
    assert.equal(calls(), start + 2, "200 repeats over two instances: one extra poll");
    assert.equal(b.poller.stats().loops, 0, "the other instance never polled");
    watcher.dispose();
  });
});
