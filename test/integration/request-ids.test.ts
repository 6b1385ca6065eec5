import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { useTestServer } from "../helpers/fixtures.js";

const server = useTestServer({ env: { MAX_BODY_BYTES: "10000", MAX_QUERY_DEPTH: "3" } });

interface Body {
  errors?: Array<{ extensions?: { code?: string; requestId?: string } }>;
}

async function send(
  init: RequestInit & { path?: string },
): Promise<{ status: number; body: Body; header: string | null }> {
  const res = await fetch(server.url + (init.path ?? ""), init);
  return { status: res.status, body: (await res.json()) as Body, header: res.headers.get("x-request-id") };
}

const json = { "content-type": "application/json" };
const withToken = (): Record<string, string> => ({ ...json, authorization: `Bearer ${server.demoToken}` });

describe("every error body carries a requestId, whatever its status", () => {
  const cases: Array<[string, () => RequestInit & { path?: string }, number, string]> = [
    ["malformed JSON", () => ({ method: "POST", headers: json, body: "{ nope" }), 400, "BAD_REQUEST"],
    [
      "a batch",
      () => ({
        method: "POST",
        headers: withToken(),
        body: JSON.stringify([{ query: "{ members { guid } }" }]),
      }),
      400,
      "BAD_REQUEST",
    ],
    ["a CSRF-unsafe GET", () => ({ method: "GET", path: "?query=%7B__typename%7D" }), 400, "BAD_REQUEST"],
    [
      "a body over MAX_BODY_BYTES",
      () => ({
        method: "POST",
        headers: json,
        body: JSON.stringify({ query: "{ __typename }", pad: "x".repeat(20_000) }),
      }),
      413,
      "BAD_REQUEST",
    ],
    [
      "a bad token",
      () => ({
        method: "POST",
        headers: { ...json, authorization: "Bearer nope" },
        body: JSON.stringify({ query: "{ members { guid } }" }),
      }),
      401,
      "UNAUTHENTICATED",
    ],
    [
      "no query",
      () => ({ method: "POST", headers: withToken(), body: JSON.stringify({}) }),
      400,
      "BAD_REQUEST",
    ],
    [
      "a parse error",
      () => ({ method: "POST", headers: withToken(), body: JSON.stringify({ query: "{" }) }),
      400,
      "GRAPHQL_PARSE_FAILED",
    ],
    [
      "a validation error",
      () => ({ method: "POST", headers: withToken(), body: JSON.stringify({ query: "{ nope }" }) }),
      400,
      "GRAPHQL_VALIDATION_FAILED",
    ],
    [
      "an over-deep query",
      () => ({
        method: "POST",
        headers: withToken(),
        body: JSON.stringify({ query: `{ members { accounts { owners { ownerName } } } }` }),
      }),
      400,
      "QUERY_TOO_COMPLEX",
    ],
    [
      "no token on a field",
      () => ({ method: "POST", headers: json, body: JSON.stringify({ query: "{ members { guid } }" }) }),
      200,
      "UNAUTHENTICATED",
    ],
    [
      "bad user input",
      () => ({
        method: "POST",
        headers: withToken(),
        body: JSON.stringify({ query: `{ member(guid: "nope") { guid } }` }),
      }),
      200,
      "BAD_USER_INPUT",
    ],
  ];
  for (const [name, init, status, code] of cases) {
    test(`${name}: ${status} ${code}`, async () => {
      const res = await send(init());
      assert.equal(res.status, status);
      const error = res.body.errors?.[0];
      assert.equal(error?.extensions?.code, code);
      assert.ok(error?.extensions?.requestId, JSON.stringify(res.body));
      assert.equal(error.extensions.requestId, res.header, "the body's id is the x-request-id header");
    });
  }

  test("a caller's X-Request-Id is kept, also on errors made before any context exists", async () => {
    const res = await send({
      method: "POST",
      headers: { ...json, "x-request-id": "support-ticket-1234" },
      body: "{ nope",
    });
    assert.equal(res.body.errors?.[0]?.extensions?.requestId, "support-ticket-1234");
  });
});
