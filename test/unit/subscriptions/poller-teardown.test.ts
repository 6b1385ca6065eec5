import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import {
  INTERVAL_MS,
  MEMBER,
  RUNNING,
  USER,
  createHarness,
  record,
  settle,
  subscribeAndSettle,
  type Harness,
} from "./helpers/poller-fixtures.js";

const NOTHING_LEFT = { loops: 0, subscriptions: 0, timers: 0, inFlight: 0 };

/** After teardown: nothing registered, nothing scheduled, and no upstream call ever again. */
async function assertNothingLeft(harness: Harness): Promise<void> {
  await settle();
  assert.deepEqual(harness.poller.stats(), NOTHING_LEFT);
  assert.equal(harness.clock.pendingTimers, 0);
  assert.equal(harness.bus.topicCount, 0);
  assert.equal(harness.source.inFlight, 0);
  const calls = harness.source.calls.length;
  await harness.clock.advance(3_600_000);
  assert.equal(harness.source.calls.length, calls);
}

void describe("member status poller: teardown", () => {
  let harness: Harness;
  afterEach(() => harness.poller.close());

  void it("stops the loop when the last subscriber returns", async () => {
    harness = createHarness(RUNNING);
    const first = await subscribeAndSettle(harness);
    const second = await subscribeAndSettle(harness);
    await first.iterator.return?.();
    await harness.clock.advance(INTERVAL_MS);
    assert.equal(harness.poller.hasLoop(USER, MEMBER), true);
    assert.equal(harness.source.calls.length, 2);

    await second.iterator.return?.();
    await Promise.all([first.ended, second.ended]);
    await assertNothingLeft(harness);
  });

  void it("closing while the first next() waits on the first poll leaves nothing behind", async () => {
    harness = createHarness(RUNNING);
    harness.source.latencyMs = 500;
    const iterator = harness.poller.subscribe(USER, MEMBER);
    const pending = iterator.next();
    await settle();
    assert.equal(harness.poller.stats().inFlight, 1);

    await iterator.return?.();
    assert.deepEqual(await pending, { done: true, value: undefined });
    assert.equal(harness.source.aborted, 1);
    await assertNothingLeft(harness);
  });

  void it("ignores the late result of a poll that could not be aborted", async () => {
    harness = createHarness(RUNNING);
    harness.source.latencyMs = 500;
    harness.source.honoursAbort = false;
    const iterator = harness.poller.subscribe(USER, MEMBER);
    const pending = iterator.next();
    await settle();
    await iterator.return?.();
    assert.deepEqual(await pending, { done: true, value: undefined });
    assert.equal(harness.poller.stats().loops, 0);
    // The stopped loop's poll still counts as in flight until upstream answers.
    assert.equal(harness.poller.stats().inFlight, 1);
    await harness.clock.advance(500);
    await assertNothingLeft(harness);
    assert.equal(harness.source.calls.length, 1);
  });

  void it("an iterator whose consumer never called next() then return() leaves nothing behind", async () => {
    harness = createHarness(RUNNING);
    const iterator = harness.poller.subscribe(USER, MEMBER);
    await iterator.return?.();
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    assert.equal(harness.source.calls.length, 0);
    await assertNothingLeft(harness);
  });

  void it("releases the reference once however often return() is called", async () => {
    harness = createHarness(RUNNING);
    const leaving = await subscribeAndSettle(harness);
    const staying = await subscribeAndSettle(harness);
    await leaving.iterator.return?.();
    await leaving.iterator.return?.();
    assert.equal(harness.poller.stats().subscriptions, 1);
    assert.equal(harness.poller.hasLoop(USER, MEMBER), true);
    await staying.iterator.return?.();
    await assertNothingLeft(harness);
  });

  void it("releases the reference when the consumer throws into the iterator", async () => {
    harness = createHarness(RUNNING);
    const iterator = harness.poller.subscribe(USER, MEMBER);
    await iterator.next();
    await assert.rejects(
      iterator.throw?.(new Error("client went away")) ?? Promise.resolve(),
      /client went away/,
    );
    await assertNothingLeft(harness);
  });

  void it("releases the reference when a for-await loop breaks", async () => {
    harness = createHarness(RUNNING);
    for await (const message of harness.poller.subscribe(USER, MEMBER)) {
      assert.equal(message.kind, "status");
      break;
    }
    await assertNothingLeft(harness);
  });

  void it("starts a fresh loop for a subscriber who comes after the last one left", async () => {
    harness = createHarness(RUNNING);
    const before = await subscribeAndSettle(harness);
    await before.iterator.return?.();
    await settle();
    const after = record(harness.poller.subscribe(USER, MEMBER));
    await settle();
    assert.equal(harness.source.calls.length, 2);
    assert.deepEqual(after.labels(), ["CONNECTED*"]);
    await after.iterator.return?.();
    await assertNothingLeft(harness);
  });
});
