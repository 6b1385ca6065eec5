import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  MEMBER,
  OTHER_MEMBER,
  RUNNING,
  USER,
  createHarness,
  record,
  settle,
  subscribeAndSettle,
} from "./helpers/poller-fixtures.js";

void describe("member status poller: close", () => {
  void it("ends every iterator, stops every loop and waits for polls in flight", async () => {
    const harness = createHarness(RUNNING);
    const first = await subscribeAndSettle(harness, USER, MEMBER);
    const second = await subscribeAndSettle(harness, USER, MEMBER);
    harness.source.latencyMs = 500;
    harness.source.honoursAbort = false;
    const waiting = record(harness.poller.subscribe(USER, OTHER_MEMBER));
    await settle();
    assert.equal(harness.poller.stats().inFlight, 1);

    let closed = false;
    const closing = harness.poller.close().then(() => (closed = true));
    await Promise.all([first.ended, second.ended, waiting.ended]);
    assert.deepEqual(waiting.labels(), []);
    await settle();
    // The poll that ignores its abort is still out: close() waits for it.
    assert.equal(closed, false);
    await harness.clock.advance(500);
    await closing;
    assert.deepEqual(harness.poller.stats(), { loops: 0, subscriptions: 0, timers: 0, inFlight: 0 });
    assert.equal(harness.clock.pendingTimers, 0);
  });

  void it("ends subscriptions made after close at once, without polling", async () => {
    const harness = createHarness(RUNNING);
    await harness.poller.close();
    const iterator = harness.poller.subscribe(USER, MEMBER);
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    await harness.clock.advance(60_000);
    assert.equal(harness.source.calls.length, 0);
    assert.deepEqual(harness.poller.stats(), { loops: 0, subscriptions: 0, timers: 0, inFlight: 0 });
  });

  void it("rejects options that would poll in a tight loop", () => {
    for (const bad of [
      { intervalMs: 0 },
      { idleIntervalMs: -1 },
      { errorThreshold: 0 },
      { maxBackoffMs: Number.NaN },
    ]) {
      assert.throws(() => createHarness(RUNNING, bad), RangeError);
    }
  });
});
