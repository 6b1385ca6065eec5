import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { startServer } from "../../src/server.js";
import { signUserToken } from "../../src/auth/token-verifier.js";
import { LogCapture } from "../helpers/log-capture.js";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";
import { productionEnv } from "../helpers/production-server.js";
import { setUp, useFixture, useSandbox } from "../helpers/fixtures.js";

const SECRET = "production-secret-".padEnd(40, "x");
const logs = new LogCapture();
let token: string;

const sandbox = useSandbox({
  speed: 40,
  apiKey: "prod-api-key-123456",
  clientId: "prod-client-id-123456",
});
const server = useFixture(
  "the production server",
  () => {
    const config = loadConfig({
      ...productionEnv(sandbox, SECRET),
      ATRIUM_MAX_RETRIES: "0",
      MAX_QUERY_DEPTH: "3",
      LOG_LEVEL: "debug",
    });
    return startServer({ config, logger: createLogger({ level: "debug", destination: logs }) });
  },
  (running) => running.close(),
);
setUp(async () => {
  token = await signUserToken(SECRET, sandbox.demo.userGuid);
});

async function post(
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}`, ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function firstCode(body: Record<string, unknown>): unknown {
  const errors = body["errors"] as Array<{ extensions?: { code?: string } }> | undefined;
  return errors?.[0]?.extensions?.code;
}

describe("production mode", () => {
  test("the embedded sandbox is never started implicitly", () => {
    assert.equal(server.sandbox, undefined);
    assert.throws(() => loadConfig({ NODE_ENV: "production", AUTH_JWT_SECRET: SECRET }), /ATRIUM_BASE_URL/);
  });

  test("introspection is off", async () => {
    const res = await post({ query: "{ __schema { types { name } } }" });
    assert.equal(res.status, 400);
    assert.equal(firstCode(res.body), "GRAPHQL_VALIDATION_FAILED");
  });

  test("the landing page is Apollo's production page, not Sandbox", async () => {
    const res = await fetch(server.url, { headers: { accept: "text/html" } });
    const html = await res.text();
    assert.equal(res.status, 200);
    assert.doesNotMatch(html, /new window\.EmbeddedSandbox/);
    assert.doesNotMatch(html, /Bearer /);
  });

  test("errors are masked: no stack traces, no upstream bodies", async () => {
    sandbox.controls.injectFault({ route: UPSTREAM_ROUTES.member, kind: "html", times: 1 });
    const res = await post({ query: `{ member(guid: "${sandbox.demo.members.noMfa}") { guid } }` });
    assert.equal(firstCode(res.body), "UPSTREAM_UNAVAILABLE");
    const text = JSON.stringify(res.body);
    assert.doesNotMatch(text, /<html|<body|stacktrace|\n\s+at /i);
    const bad = await post({ query: "{ members { guid } }" }, { authorization: "Bearer nope" });
    assert.equal(bad.status, 401);
    assert.doesNotMatch(JSON.stringify(bad.body), /stacktrace|\s+at /);
  });
});

describe("limits", () => {
  test("300 aliased members lists cost one upstream call, and make one", async () => {
    sandbox.calls.reset();
    const fields = Array.from({ length: 300 }, (_, i) => `m${i}: members { guid }`).join(" ");
    const res = await post({ query: `{ ${fields} }` });
    assert.equal(res.body["errors"], undefined);
    assert.deepEqual((res.body["extensions"] as { cost?: unknown }).cost, { requested: 1, limit: 250 });
    assert.equal(sandbox.calls.count(), 1);
  });

  test("400 aliased member(guid:) fields are refused before any upstream call", async () => {
    sandbox.calls.reset();
    const fields = Array.from({ length: 400 }, (_, i) => `m${i}: member(guid: "MBR-${i}") { guid }`).join(
      " ",
    );
    const res = await post({ query: `{ ${fields} }` });
    assert.equal(res.status, 400);
    assert.equal(firstCode(res.body), "QUERY_TOO_COMPLEX");
    assert.deepEqual((res.body["extensions"] as { cost?: unknown }).cost, { requested: 400, limit: 250 });
    assert.equal(sandbox.calls.count(), 0);
  });

  test("an over-deep query is refused before any upstream call", async () => {
    sandbox.calls.reset();
    const res = await post({
      query: `query($g: ID!) { member(guid: $g) { accounts { owners { ownerName } } } }`,
      variables: { g: sandbox.demo.members.noMfa },
    });
    assert.equal(firstCode(res.body), "QUERY_TOO_COMPLEX");
    assert.equal(sandbox.calls.count(), 0);
  });

  test("graphql-ws applies the same limits and error codes", async () => {
    sandbox.calls.reset();
    const client = createClient({
      url: server.wsUrl,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const codesOf = (query: string) =>
      new Promise<unknown[]>((resolve) => {
        client.subscribe(
          { query, variables: { g: sandbox.demo.members.noMfa } },
          {
            next: () => resolve(["unexpected data"]),
            error: (errors) => {
              const list = errors as Array<{ extensions?: { code?: string; requestId?: string } }>;
              // Every error carries a request id, as over HTTP.
              resolve(list.map((e) => (e.extensions?.requestId ? e.extensions.code : "no requestId")));
            },
            complete: () => {},
          },
        );
      });
    const deep = `subscription($g: ID!) { memberStatus(memberGuid: $g) { challenges { options { label } } } }`;
    assert.deepEqual(await codesOf(deep), ["QUERY_TOO_COMPLEX"]);
    assert.deepEqual(await codesOf(`subscription($g: ID!) { memberStatus(memberGuid: $g) { nope } }`), [
      "GRAPHQL_VALIDATION_FAILED",
    ]);
    assert.deepEqual(await codesOf(`subscription { memberStatus(`), ["GRAPHQL_PARSE_FAILED"]);
    assert.equal(sandbox.calls.count(), 0);
    assert.equal(server.poller.stats().loops, 0);
    await client.dispose();
  });

  test("a 5 MB body gets 413", async () => {
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({
        query: "{ members { guid } }",
        variables: { pad: "x".repeat(5 * 1024 * 1024) },
      }),
    });
    assert.equal(res.status, 413);
    const body = (await res.json()) as Record<string, unknown>;
    assert.ok(Array.isArray(body["errors"]));
  });

  test("a GET without a CSRF-safe header is refused; with one it runs", async () => {
    const url = `${server.url}?query=${encodeURIComponent("{ members { guid } }")}`;
    const refused = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(refused.status, 400);
    const allowed = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, "apollo-require-preflight": "true" },
    });
    assert.equal(allowed.status, 200);
  });

  test("HTTP batching is off", async () => {
    const res = await post([{ query: "{ members { guid } }" }, { query: "{ members { guid } }" }]);
    assert.equal(res.status, 400);
  });
});

describe("operator endpoints", () => {
  test("/healthz and /readyz answer JSON", async () => {
    const base = server.url.replace("/graphql", "");
    const health = await fetch(`${base}/healthz`);
    assert.deepEqual(await health.json(), { status: "ok" });
    const ready = await fetch(`${base}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { status: "ok", checks: { atrium: "ok" } });
  });

  test("/metrics counts upstream calls and operations after a known sequence", async () => {
    const base = server.url.replace("/graphql", "");
    const before = await fetch(`${base}/metrics`).then((r) => r.text());
    const count = (text: string, pattern: RegExp): number => Number(pattern.exec(text)?.[1] ?? 0);
    const memberRoute =
      /atrium_upstream_requests_total\{method="GET",route="\/users\/:user_guid\/members\/:member_guid",status="200"\} (\d+)/;
    const accountsRoute =
      /atrium_upstream_requests_total\{method="GET",route="\/users\/:user_guid\/members\/:member_guid\/accounts",status="200"\} (\d+)/;
    const ops = /graphql_operations_total\{operation="Known",type="query",outcome="success"\} (\d+)/;
    for (let i = 0; i < 3; i++) {
      const res = await post({
        query: `query Known($g: ID!) { member(guid: $g) { guid accounts { guid } } }`,
        variables: { g: sandbox.demo.members.fourAccounts },
      });
      assert.equal(res.body["errors"], undefined);
    }
    const after = await fetch(`${base}/metrics`).then((r) => r.text());
    assert.equal(count(after, memberRoute) - count(before, memberRoute), 3);
    assert.equal(count(after, accountsRoute) - count(before, accountsRoute), 3);
    assert.equal(count(after, ops) - count(before, ops), 3);
    assert.match(after, /process_cpu_user_seconds_total/);
    assert.match(after, /graphql_active_subscriptions 0/);
    assert.match(after, /member_status_poll_loops 0/);
  });

  test("no log line contains the API key, client id, token or secret", () => {
    logs.assertNoSecrets([sandbox.apiKey, sandbox.clientId, token, SECRET]);
    assert.ok(logs.lines.length > 10);
  });
});
