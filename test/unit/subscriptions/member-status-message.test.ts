import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toStatusView } from "../../../src/domain/member-status-rules.js";
import {
  decodeMessage,
  encodeMessage,
  isTerminalMessage,
  type MemberStatusMessage,
} from "../../../src/subscriptions/member-status-message.js";
import { reading } from "./helpers/poller-fixtures.js";

void describe("member status messages", () => {
  void it("round-trip a status through JSON with its Dates as Dates", () => {
    const message: MemberStatusMessage = {
      kind: "status",
      status: toStatusView(
        reading({
          connectionStatus: "CHALLENGED",
          successfullyAggregatedAt: null,
          challenges: [
            {
              guid: "CRD-1",
              type: "OPTIONS",
              label: "Pick one",
              fieldName: null,
              imageData: null,
              options: [{ label: "A", value: "a", dataUri: null }],
              imageOptions: [],
            },
          ],
        }),
      ),
    };
    const text = encodeMessage(message);
    assert.match(text, /"aggregatedAt":"2025-01-02T03:04:05.000Z"/);
    const decoded = decodeMessage(text);
    assert.deepEqual(decoded, message);
    assert.ok(decoded.kind === "status" && decoded.status.aggregatedAt instanceof Date);
  });

  void it("round-trip an error with its retry hint", () => {
    const message: MemberStatusMessage = {
      kind: "error",
      code: "UPSTREAM_RATE_LIMITED",
      message: "slow down",
      retryAfterSeconds: 7,
    };
    assert.deepEqual(decodeMessage(encodeMessage(message)), message);
  });

  void it("refuse text that is not a member status message", () => {
    assert.throws(() => decodeMessage("[]"), TypeError);
    assert.throws(() => decodeMessage('{"kind":"other"}'), TypeError);
    assert.throws(() => decodeMessage('{"kind":"error","code":"TEAPOT","message":"x"}'), TypeError);
    assert.throws(() => decodeMessage('{"kind":"status","status":{"aggregatedAt":"not a date"}}'), TypeError);
  });

  void it("treat only NOT_FOUND as terminal", () => {
    assert.equal(isTerminalMessage({ kind: "error", code: "NOT_FOUND", message: "" }), true);
    assert.equal(isTerminalMessage({ kind: "error", code: "UPSTREAM_UNAVAILABLE", message: "" }), false);
    assert.equal(isTerminalMessage({ kind: "status", status: toStatusView(reading()) }), false);
  });
});
