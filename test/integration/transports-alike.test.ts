import { describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Client } from "graphql-ws";
import { wsClient } from "../helpers/ws-clients.js";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";
import { useTestServer } from "../helpers/fixtures.js";

interface WsResult {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}

/** One query or mutation over graphql-ws, as GraphQLWsLink would send it. */
function overWs(client: Client, query: string, variables?: Record<string, unknown>): Promise<WsResult> {
  return new Promise((resolve, reject) => {
    let result: WsResult | undefined;
    client.subscribe<Record<string, unknown>>(
      { query, variables },
      {
        next: (value) => {
          result = value as WsResult;
        },
        error: (error: unknown) =>
          Array.isArray(error)
            ? resolve({ errors: error as WsResult["errors"] })
            : reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => (result ? resolve(result) : reject(new Error("completed without a result"))),
      },
    );
  });
}

const server = useTestServer();

describe("queries and mutations over graphql-ws run as over HTTP", () => {
  test("with a valid token: the viewer's data, its cost, and a fresh data source per operation", async () => {
    const client = wsClient(server.wsUrl, server.demoToken);
    try {
      const viaWs = await overWs(client, "{ members { guid name } }");
      const viaHttp = await server.gql<{ members: unknown[] }>("{ members { guid name } }");
      assert.equal(viaWs.errors, undefined);
      assert.deepEqual(viaWs.data, viaHttp.data);
      assert.deepEqual(viaWs.extensions?.["cost"], { requested: 1, limit: 250 });
      // Each operation reads upstream again: no DataLoader outlives its operation.
      server.sandbox!.calls.reset();
      await overWs(client, "{ members { guid } }");
      await overWs(client, "{ members { guid } }");
      assert.equal(server.sandbox!.calls.count({ route: UPSTREAM_ROUTES.members }), 2);
    } finally {
      await client.dispose();
    }
  });

  test("mutations work and their errors carry the same codes and a requestId", async () => {
    const client = wsClient(server.wsUrl, server.demoToken);
    try {
      const guid = server.sandbox!.demo.members.noMfa;
      const started = await overWs(
        client,
        `mutation($g: ID!) { identifyMember(memberGuid: $g) { alreadyRunning member { guid } } }`,
        { g: guid },
      );
      assert.equal(started.errors, undefined);
      assert.deepEqual(started.data, { identifyMember: { alreadyRunning: false, member: { guid } } });
      const unsupported = await overWs(
        client,
        `mutation($g: ID!) { identifyMember(memberGuid: $g) { alreadyRunning } }`,
        { g: server.sandbox!.demo.members.noIdentification },
      );
      assert.equal(unsupported.errors?.[0]?.extensions?.["code"], "IDENTIFICATION_NOT_SUPPORTED");
      assert.match(String(unsupported.errors?.[0]?.extensions?.["requestId"]), /^[0-9a-f-]{36}$/);
      const missing = await overWs(
        client,
        `mutation { answerMfa(memberGuid: "MBR-nope", answers: [{ challengeGuid: "CRD-x", value: "v" }]) { member { guid } } }`,
      );
      assert.equal(missing.errors?.[0]?.extensions?.["code"], "NOT_FOUND");
      const tooCostly = Array.from({ length: 300 }, (_, i) => `m${i}: member(guid: "MBR-${i}") { guid }`);
      const refused = await overWs(client, `{ ${tooCostly.join(" ")} }`);
      assert.equal(refused.errors?.[0]?.extensions?.["code"], "QUERY_TOO_COMPLEX");
    } finally {
      await client.dispose();
    }
  });

  test("without a valid token the socket is refused with 4403 before any operation runs", async () => {
    server.sandbox!.calls.reset();
    for (const token of [undefined, "not-a-token"]) {
      const client = wsClient(server.wsUrl, token);
      const closed = new Promise<number>((resolve) =>
        client.on("closed", (e) => resolve((e as { code: number }).code)),
      );
      await overWs(client, "{ members { guid } }").catch(() => undefined);
      assert.equal(await closed, 4403);
      await client.dispose();
    }
    assert.equal(server.sandbox!.calls.count(), 0);
  });
});

describe("a subscription over HTTP", () => {
  test("gets BAD_REQUEST naming the WebSocket URL and protocol, and reaches no upstream", async () => {
    server.sandbox!.calls.reset();
    const res = await server.gql(
      `subscription($g: ID!) { memberStatus(memberGuid: $g) { connectionStatus } }`,
      {
        g: server.sandbox!.demo.members.noMfa,
      },
    );
    assert.equal(res.status, 400);
    const error = res.errors?.[0];
    assert.equal(error?.extensions?.code, "BAD_REQUEST");
    assert.ok(error?.extensions?.requestId);
    assert.ok(error?.message.includes(server.wsUrl), error?.message);
    assert.match(error?.message ?? "", /graphql-transport-ws/);
    assert.equal(server.sandbox!.calls.count(), 0);
    assert.equal(server.poller.stats().loops, 0);
  });
});

describe("transaction pages", () => {
  test("a page of 1000 is one upstream call; 1001 is BAD_USER_INPUT, not a cost refusal", async () => {
    const query = `query($g: ID!, $n: Int) { member(guid: $g) { transactions(perPage: $n) { nodes { guid } } } }`;
    const g = server.sandbox!.demo.members.manyTransactions;
    server.sandbox!.calls.reset();
    const ok = await server.gql(query, { g, n: 1000 });
    assert.equal(ok.errors, undefined);
    assert.equal(server.sandbox!.calls.count({ route: UPSTREAM_ROUTES.transactions }), 1);
    const tooMany = await server.gql(query, { g, n: 1001 });
    assert.equal(tooMany.errors?.[0]?.extensions?.code, "BAD_USER_INPUT");
  });
});

describe("lookups of what does not exist", () => {
  test("institution(code:) of an unknown institution is null, as documented, like member(guid:)", async () => {
    const res = await server.gql(
      `{ institution(code: "nosuchbank") { code } member(guid: "MBR-nope") { guid } }`,
    );
    assert.equal(res.errors, undefined);
    assert.deepEqual(res.data, { institution: null, member: null });
  });
});
