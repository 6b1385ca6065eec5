import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MemberStatusReading, MfaChallenge } from "../../../src/domain/types.js";
import { toStatusView } from "../../../src/domain/member-status-rules.js";
import { sameStatus } from "../../../src/subscriptions/poll-rules.js";
import { reading } from "./helpers/poller-fixtures.js";

const challenge: MfaChallenge = {
  guid: "CRD-1",
  type: "OPTIONS",
  label: "Pick one",
  fieldName: "choice",
  imageData: null,
  options: [{ label: "A", value: "a", dataUri: null }],
  imageOptions: [],
};
const base = reading({ connectionStatus: "CHALLENGED", isBeingAggregated: true, challenges: [challenge] });

function differs(overrides: Partial<MemberStatusReading>): boolean {
  return !sameStatus(toStatusView(base), toStatusView({ ...structuredClone(base), ...overrides }));
}

void describe("sameStatus", () => {
  void it("treats equal values in fresh objects as the same status", () => {
    assert.equal(sameStatus(toStatusView(base), toStatusView(structuredClone(base))), true);
  });

  void it("sees a change in any status field", () => {
    assert.ok(differs({ connectionStatus: "RESUMED" }));
    assert.ok(differs({ status: "RECEIVED" }));
    assert.ok(differs({ isBeingAggregated: false }));
    assert.ok(differs({ isAuthenticated: false }));
    assert.ok(differs({ hasProcessedAccounts: null }));
    assert.ok(differs({ hasProcessedTransactions: true }));
    assert.ok(differs({ aggregatedAt: new Date("2025-01-02T03:04:06.000Z") }));
    assert.ok(differs({ successfullyAggregatedAt: null }));
  });

  void it("sees a change in the challenges' guids or content", () => {
    assert.ok(differs({ challenges: [] }));
    assert.ok(differs({ challenges: [{ ...challenge, guid: "CRD-2" }] }));
    assert.ok(differs({ challenges: [{ ...challenge, label: "Pick another" }] }));
    assert.ok(
      differs({ challenges: [{ ...challenge, options: [{ label: "A", value: "b", dataUri: null }] }] }),
    );
    assert.ok(differs({ challenges: [challenge, { ...challenge, guid: "CRD-2" }] }));
  });
});
