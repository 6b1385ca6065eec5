import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { serverAudits } from "graphql-http";
import { useTestServer } from "../helpers/fixtures.js";

const server = useTestServer();

/** The audits speak as an authenticated client: every request carries the demo token. */
const authedFetch: typeof fetch = (input, init = {}) => {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${server.demoToken}`);
  return fetch(input, { ...init, headers });
};

describe("GraphQL-over-HTTP (graphql-http serverAudits)", () => {
  for (const audit of serverAudits({ url: () => server.url, fetchFn: authedFetch })) {
    if (!audit.name.startsWith("MUST")) continue;
    test(audit.name, async () => {
      const result = await audit.fn();
      assert.equal(result.status, "ok", "reason" in result ? result.reason : "");
    });
  }
});
