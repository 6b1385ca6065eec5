// The sandbox plays MX's webhook sender: MEMBER on every change of connection status or aggregation,
// CONNECTION_STATUS on entering an end-user-actionable status, Basic credentials, JSON bodies.
import assert from "node:assert/strict";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { atrium, createMember, createUser } from "../helpers/sandbox-http.js";
import { useFixture, useSandbox } from "../helpers/fixtures.js";

interface Received {
  authorization: string | undefined;
  body: Record<string, unknown>;
}

const received: Received[] = [];

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** The partner's webhook endpoint: records every delivery, answers 204. */
async function startReceiver(): Promise<Server> {
  const receiver = createServer((req, res) => {
    void readBody(req).then((text) => {
      received.push({
        authorization: req.headers.authorization,
        body: JSON.parse(text) as Record<string, unknown>,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  return receiver;
}

const receiver = useFixture(
  "the webhook receiver",
  startReceiver,
  (server) => new Promise((resolve) => server.close(resolve)),
);
const sandbox = useSandbox(() => ({
  speed: 40,
  webhookTarget: {
    url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`,
    username: "mx",
    password: "secret",
  },
}));

describe("webhooks from the sandbox", () => {
  it("an MFA identify sends MEMBER per change and CONNECTION_STATUS for CHALLENGED, with Basic auth", async () => {
    const userGuid = await createUser(sandbox, "webhook-user", "platform");
    const { guid: memberGuid } = await createMember(sandbox, userGuid, {
      password: "challenge",
      api: "platform",
    });
    assert.equal(received.length, 0, "creating an idle member is no change");
    await atrium(sandbox, "POST", `/users/${userGuid}/members/${memberGuid}/identify`, undefined, {
      api: "platform",
    });
    sandbox.controls.settle(memberGuid);
    await waitForCount(3);
    const expectedAuth = `Basic ${Buffer.from("mx:secret").toString("base64")}`;
    assert.ok(received.every((r) => r.authorization === expectedAuth));
    const member = received.filter((r) => r.body.type === "MEMBER").map((r) => r.body);
    assert.deepEqual(
      member.map((b) => [b.connection_status, b.is_being_aggregated]),
      [
        ["CREATED", true],
        ["CHALLENGED", true],
      ],
    );
    assert.equal(member[0]!.guid, memberGuid);
    assert.equal(member[0]!.user_guid, userGuid);
    assert.equal(member[0]!.user_id, "webhook-user");
    assert.equal(typeof member[0]!.aggregated_at, "number", "aggregated_at is a Unix time in webhooks");
    const status = received.find((r) => r.body.type === "CONNECTION_STATUS")!.body;
    assert.deepEqual(
      { ...status, connection_status_message: "…" },
      {
        action: "CHANGED",
        connection_status: "CHALLENGED",
        connection_status_id: 3,
        connection_status_message: "…",
        member_guid: memberGuid,
        type: "CONNECTION_STATUS",
        user_guid: userGuid,
      },
    );
    const deliveries = sandbox.webhooks.deliveries();
    assert.equal(deliveries.length, 3);
    await waitFor(() => sandbox.webhooks.deliveries().every((d) => d.status === 204));
  });

  it("a status forced by the controls fires too; no target, no deliveries", async () => {
    const guid = sandbox.demo.members.noMfa;
    received.length = 0;
    sandbox.controls.setMemberStatus(guid, { connection_status: "LOCKED", is_being_aggregated: false });
    await waitForCount(2);
    assert.deepEqual(received.map((r) => r.body.type).sort(), ["CONNECTION_STATUS", "MEMBER"]);
    sandbox.controls.setWebhookTarget(undefined);
    sandbox.webhooks.reset();
    sandbox.controls.setMemberStatus(guid, { connection_status: "CONNECTED" });
    assert.equal(sandbox.webhooks.deliveries().length, 0);
    assert.throws(() => sandbox.controls.setWebhookTarget({ url: "ftp://x", username: "a", password: "b" }));
  });
});

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check());
}

function waitForCount(n: number): Promise<void> {
  return waitFor(() => received.length >= n);
}
