import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import {
  DONE,
  IDLE_INTERVAL_MS,
  INTERVAL_MS,
  MEMBER,
  RUNNING,
  USER,
  createHarness,
  reading,
  settle,
  subscribeAndSettle,
  type Harness,
} from "./helpers/poller-fixtures.js";

void describe("member status poller: cadence", () => {
  let harness: Harness;
  afterEach(() => harness.poller.close());

  void it("polls every interval while a job runs", async () => {
    harness = createHarness(RUNNING);
    const recorder = await subscribeAndSettle(harness);
    await harness.clock.advance(INTERVAL_MS - 1);
    assert.equal(harness.source.calls.length, 1);
    await harness.clock.advance(1);
    assert.equal(harness.source.calls.length, 2);
    await harness.clock.advance(INTERVAL_MS * 3);
    assert.equal(harness.source.calls.length, 5);
    await recorder.iterator.return?.();
  });

  void it("polls every interval on a transient status with no job", async () => {
    harness = createHarness(reading({ connectionStatus: "RESUMED", isBeingAggregated: false }));
    const recorder = await subscribeAndSettle(harness);
    await harness.clock.advance(INTERVAL_MS * 2);
    assert.equal(harness.source.calls.length, 3);
    await recorder.iterator.return?.();
  });

  void it("rests at the idle interval when the status is final and no job runs", async () => {
    harness = createHarness(DONE);
    const recorder = await subscribeAndSettle(harness);
    await harness.clock.advance(IDLE_INTERVAL_MS - 1);
    assert.equal(harness.source.calls.length, 1);
    await harness.clock.advance(1);
    assert.equal(harness.source.calls.length, 2);
    await recorder.iterator.return?.();
  });

  void it("rests at the idle interval while CHALLENGED", async () => {
    harness = createHarness(reading({ connectionStatus: "CHALLENGED", isBeingAggregated: true }));
    const recorder = await subscribeAndSettle(harness);
    assert.deepEqual(harness.clock.pendingDelays(), [IDLE_INTERVAL_MS]);
    await recorder.iterator.return?.();
  });

  void it("a nudge polls at once and restarts the cadence from there", async () => {
    harness = createHarness(DONE);
    const recorder = await subscribeAndSettle(harness);
    await harness.clock.advance(2_000);
    harness.source.set(RUNNING);
    harness.poller.nudge(USER, MEMBER);
    await settle();
    assert.equal(harness.source.calls.length, 2);
    assert.deepEqual(recorder.labels(), ["CONNECTED", "CONNECTED*"]);
    assert.deepEqual(harness.clock.pendingDelays(), [INTERVAL_MS]);
    await recorder.iterator.return?.();
  });

  void it("a nudge for a member nobody watches does nothing", async () => {
    harness = createHarness(DONE);
    harness.poller.nudge(USER, MEMBER);
    await settle();
    assert.equal(harness.source.calls.length, 0);
    assert.equal(harness.poller.hasLoop(USER, MEMBER), false);
  });

  void it("nudges during a poll in flight cause one more poll right after it, never an overlapping one", async () => {
    harness = createHarness(DONE);
    harness.source.latencyMs = 500;
    const recorder = await subscribeAndSettle(harness);
    assert.equal(harness.poller.stats().inFlight, 1);
    harness.poller.nudge(USER, MEMBER);
    harness.poller.nudge(USER, MEMBER);
    assert.equal(harness.source.calls.length, 1);

    await harness.clock.advance(500);
    assert.equal(harness.source.calls.length, 2);
    assert.equal(harness.source.calls[1]?.at, 500);
    await harness.clock.advance(500);
    assert.equal(harness.source.calls.length, 2);
    assert.equal(harness.source.maxInFlight, 1);
    assert.deepEqual(harness.clock.pendingDelays(), [IDLE_INTERVAL_MS]);
    await recorder.iterator.return?.();
  });

  void it("polls never overlap when upstream is slower than the interval", async () => {
    harness = createHarness(RUNNING);
    harness.source.latencyMs = 2_500;
    const recorder = await subscribeAndSettle(harness);
    await harness.clock.advance(20_000);
    assert.equal(harness.source.maxInFlight, 1);
    // Each cycle is 2.5 s of waiting for upstream plus the 1 s interval.
    assert.deepEqual(
      harness.source.calls.map((c) => c.at),
      [0, 3_500, 7_000, 10_500, 14_000, 17_500],
    );
    await recorder.iterator.return?.();
  });
});
