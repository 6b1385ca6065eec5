import { test } from "node:test";
import assert from "node:assert/strict";
import { waitFor } from "../helpers/start-test-server.js";
import { wsClient } from "../helpers/ws-clients.js";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";
import { useTestServer } from "../helpers/fixtures.js";

const STATUS_ROUTE = UPSTREAM_ROUTES.status;

// Long attempts and many retries: without the abort, close() would wait for all of them.
const server = useTestServer({ env: { ATRIUM_TIMEOUT_MS: "20000", ATRIUM_MAX_RETRIES: "3" } });

test("closing the poller aborts a status poll that hangs upstream, instead of waiting for its retries", async () => {
  const guid = server.sandbox!.demo.members.noMfa;
  server.sandbox!.controls.injectFault({ kind: "hang", route: STATUS_ROUTE, times: 10 });
  const client = wsClient(server.wsUrl, server.demoToken);
  const dispose = client.subscribe(
    {
      query: `subscription($g: ID!) { memberStatus(memberGuid: $g) { connectionStatus } }`,
      variables: { g: guid },
    },
    { next: () => {}, error: () => {}, complete: () => {} },
  );
  try {
    await waitFor(
      () => server.sandbox!.calls.count({ route: STATUS_ROUTE }),
      (n) => n >= 1,
    );
    assert.equal(server.poller.stats().inFlight, 1, "the poll is in flight, hanging");
    const closed = server.poller.close().then(() => "closed" as const);
    // Well inside one attempt's timeout: only an abort can end the poll this soon.
    const waited = new Promise<"still waiting">((resolve) =>
      setTimeout(() => resolve("still waiting"), 5_000),
    );
    assert.equal(await Promise.race([closed, waited]), "closed");
    assert.equal(server.sandbox!.calls.count({ route: STATUS_ROUTE }), 1, "no retry after the abort");
  } finally {
    dispose();
    await client.dispose();
  }
});
