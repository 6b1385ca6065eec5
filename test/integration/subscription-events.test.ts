import { test } from "node:test";
import assert from "node:assert/strict";
import { waitFor } from "../helpers/start-test-server.js";
import { IDENTIFY, wsClient } from "../helpers/ws-clients.js";
import { useTestServer } from "../helpers/fixtures.js";

const server = useTestServer();

test("no two consecutive events are identical in every selected field", async () => {
  const guid = server.sandbox!.demo.members.noMfa;
  const client = wsClient(server.wsUrl, server.demoToken);
  const narrow: string[] = [];
  const wide: Array<{ connectionStatus: string; isFinal: boolean; isBeingAggregated: boolean }> = [];
  const subscribe = <T>(query: string, into: (value: T) => void): (() => void) =>
    client.subscribe<{ memberStatus: T }>(
      { query, variables: { guid } },
      { next: (r) => r.data && into(r.data.memberStatus), error: () => {}, complete: () => {} },
    );
  // Only connectionStatus: a reading that changes another field is no change for this one.
  const stopNarrow = subscribe<{ connectionStatus: string }>(
    `subscription($guid: ID!) { memberStatus(memberGuid: $guid) { connectionStatus } }`,
    (s) => narrow.push(s.connectionStatus),
  );
  const stopWide = subscribe<(typeof wide)[number]>(
    `subscription($guid: ID!) { memberStatus(memberGuid: $guid) { connectionStatus isFinal isBeingAggregated } }`,
    (s) => wide.push(s),
  );
  try {
    await waitFor(
      () => narrow.length + wide.length,
      (n) => n >= 2,
    );
    await server.gql(IDENTIFY, { guid });
    await waitFor(
      () => wide.at(-1),
      (s) => s?.connectionStatus === "CONNECTED" && s.isFinal && wide.length >= 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The poller saw changes in fields the narrow subscription did not select (e.g. an idle
    // CREATED member starting its job: only isBeingAggregated changes).
    assert.ok(
      wide.some((s, i) => i > 0 && s.connectionStatus === wide[i - 1]!.connectionStatus),
      `a change outside connectionStatus happened: ${JSON.stringify(wide)}`,
    );
    for (let i = 1; i < narrow.length; i++) assert.notEqual(narrow[i], narrow[i - 1], JSON.stringify(narrow));
    assert.equal(narrow.at(-1), "CONNECTED");
  } finally {
    stopNarrow();
    stopWide();
    await client.dispose();
  }
});
