import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toStatusView } from "../../../src/domain/member-status-rules.js";
import { delayAfterFailure, delayAfterReading } from "../../../src/subscriptions/poll-rules.js";
import { reading } from "./helpers/poller-fixtures.js";

const cadence = { intervalMs: 1_000, idleIntervalMs: 30_000 };

void describe("delayAfterReading", () => {
  void it("uses the interval while a job runs, even on a final status", () => {
    assert.equal(delayAfterReading(toStatusView(reading({ isBeingAggregated: true })), cadence), 1_000);
    assert.equal(
      delayAfterReading(
        toStatusView(reading({ connectionStatus: "DENIED", isBeingAggregated: true })),
        cadence,
      ),
      1_000,
    );
  });

  void it("uses the interval on a transient status with no job", () => {
    assert.equal(delayAfterReading(toStatusView(reading({ connectionStatus: "RESUMED" })), cadence), 1_000);
  });

  void it("uses the idle interval when final and idle, and while CHALLENGED", () => {
    assert.equal(delayAfterReading(toStatusView(reading()), cadence), 30_000);
    assert.equal(delayAfterReading(toStatusView(reading({ connectionStatus: "FAILED" })), cadence), 30_000);
    assert.equal(
      delayAfterReading(
        toStatusView(reading({ connectionStatus: "CHALLENGED", isBeingAggregated: true })),
        cadence,
      ),
      30_000,
    );
  });
});

void describe("delayAfterFailure", () => {
  void it("starts at the interval, doubles and is capped", () => {
    const delays = [1, 2, 3, 4, 5, 6].map((n) => delayAfterFailure(n, 1_000, 10_000));
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  void it("stays finite after very many failures", () => {
    assert.equal(delayAfterFailure(5_000, 1_000, 30_000), 30_000);
  });

  void it("never retries before Retry-After, even beyond the cap", () => {
    assert.equal(delayAfterFailure(1, 1_000, 10_000, 5), 5_000);
    assert.equal(delayAfterFailure(1, 1_000, 10_000, 60), 60_000);
    assert.equal(delayAfterFailure(4, 1_000, 10_000, 1), 8_000);
  });
});
