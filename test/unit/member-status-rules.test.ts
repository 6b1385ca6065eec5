import { test } from "node:test";
import assert from "node:assert/strict";
import { CONNECTION_STATUSES, describeStatus } from "../../src/domain/member-status-rules.js";

test("CONNECTED is final only once aggregation has stopped", () => {
  assert.equal(describeStatus({ connectionStatus: "CONNECTED", isBeingAggregated: true }).isFinal, false);
  assert.equal(describeStatus({ connectionStatus: "CONNECTED", isBeingAggregated: false }).isFinal, true);
});

test("error statuses are final only when no job runs", () => {
  assert.equal(describeStatus({ connectionStatus: "DENIED", isBeingAggregated: true }).isFinal, false);
  assert.equal(describeStatus({ connectionStatus: "DENIED", isBeingAggregated: false }).isFinal, true);
});

test("a member created idle and never connected is final: nothing changes until a job starts", () => {
  const idle = describeStatus({ connectionStatus: "CREATED", isBeingAggregated: false });
  assert.equal(idle.isFinal, true);
  assert.equal(idle.needsUserAction, false);
  assert.doesNotMatch(idle.userMessage, /Connecting/);
  assert.equal(describeStatus({ connectionStatus: "CREATED", isBeingAggregated: true }).isFinal, false);
});

test("transient and paused statuses are never final", () => {
  for (const status of ["CHALLENGED", "RECONNECTED", "DELAYED", "UPDATED", "RESUMED", "PENDING"] as const) {
    assert.equal(
      describeStatus({ connectionStatus: status, isBeingAggregated: false }).isFinal,
      false,
      status,
    );
  }
});

test("the statuses MX marks as needing the end user ask for action", () => {
  const acting = CONNECTION_STATUSES.filter(
    (s) => describeStatus({ connectionStatus: s, isBeingAggregated: false }).needsUserAction,
  ).sort();
  assert.deepEqual(acting, [
    "CHALLENGED",
    "DENIED",
    "EXPIRED",
    "IMPAIRED",
    "IMPEDED",
    "IMPORTED",
    "LOCKED",
    "PENDING",
    "PREVENTED",
    "REJECTED",
  ]);
});

test("every status has a user message", () => {
  for (const status of CONNECTION_STATUSES) {
    assert.ok(describeStatus({ connectionStatus: status, isBeingAggregated: false }).userMessage.length > 0);
  }
  assert.equal(CONNECTION_STATUSES.length, 22);
});
