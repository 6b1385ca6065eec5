import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { memberStatusTopic } from "../../../src/subscriptions/ports.js";
import {
  CREATED,
  DONE,
  INTERVAL_MS,
  MEMBER,
  OTHER_USER,
  RUNNING,
  USER,
  createHarness,
  label,
  record,
  settle,
  subscribeAndSettle,
  type Harness,
} from "./helpers/poller-fixtures.js";

void describe("member status poller: sharing one loop", () => {
  let harness: Harness;
  afterEach(() => harness.poller.close());

  void it("does nothing for a subscription until its first next()", async () => {
    harness = createHarness();
    const iterator = harness.poller.subscribe(USER, MEMBER);
    await harness.clock.advance(60_000);
    assert.equal(harness.source.calls.length, 0);
    assert.equal(harness.poller.hasLoop(USER, MEMBER), false);
    assert.equal(harness.bus.topicCount, 0);
    await iterator.return?.();
  });

  void it("the first subscriber starts one loop and gets the current status at once", async () => {
    harness = createHarness(RUNNING);
    const iterator = harness.poller.subscribe(USER, MEMBER);
    const first = await iterator.next();
    assert.equal(first.done, false);
    assert.equal(label(first.value), "CONNECTED*");
    assert.equal(harness.source.calls.length, 1);
    assert.equal(harness.poller.hasLoop(USER, MEMBER), true);
    await settle();
    assert.deepEqual(harness.poller.stats(), { loops: 1, subscriptions: 1, timers: 1, inFlight: 0 });
    await iterator.return?.();
  });

  void it("a second subscriber gets the last status at once without a new upstream call", async () => {
    harness = createHarness(RUNNING);
    const first = await subscribeAndSettle(harness);
    await harness.clock.advance(INTERVAL_MS / 2);
    const second = harness.poller.subscribe(USER, MEMBER);
    const current = await second.next();
    assert.equal(current.done, false);
    assert.equal(label(current.value), "CONNECTED*");
    assert.equal(harness.source.calls.length, 1);
    assert.deepEqual(first.labels(), ["CONNECTED*"]);
    assert.equal(harness.poller.stats().loops, 1);
    await second.return?.();
  });

  void it("200 subscribers on one member cause exactly one upstream call per tick and all see every change in order", async () => {
    harness = createHarness(CREATED);
    const recorders = Array.from({ length: 200 }, () => record(harness.poller.subscribe(USER, MEMBER)));
    await settle();
    assert.equal(harness.source.calls.length, 1);

    harness.source.set(RUNNING);
    await harness.clock.advance(INTERVAL_MS);
    assert.equal(harness.source.calls.length, 2);

    harness.source.set(DONE);
    await harness.clock.advance(INTERVAL_MS);
    assert.equal(harness.source.calls.length, 3);

    for (const recorder of recorders)
      assert.deepEqual(recorder.labels(), ["CREATED*", "CONNECTED*", "CONNECTED"]);
    assert.deepEqual(harness.poller.stats(), { loops: 1, subscriptions: 200, timers: 1, inFlight: 0 });
    assert.equal(harness.bus.listenerCount(memberStatusTopic(USER, MEMBER)), 200);

    await Promise.all(recorders.map((r) => r.close()));
    await Promise.all(recorders.map((r) => r.ended));
    assert.deepEqual(harness.poller.stats(), { loops: 0, subscriptions: 0, timers: 0, inFlight: 0 });
  });

  void it("the loop for one member under another user is separate and polls with that user's guid", async () => {
    harness = createHarness(RUNNING);
    const alice = await subscribeAndSettle(harness, USER, MEMBER);
    const bob = await subscribeAndSettle(harness, OTHER_USER, MEMBER);
    assert.equal(harness.poller.stats().loops, 2);
    assert.equal(harness.poller.hasLoop(OTHER_USER, MEMBER), true);
    assert.deepEqual(
      harness.source.calls.map((c) => c.userGuid),
      [USER, OTHER_USER],
    );

    await alice.iterator.return?.();
    await harness.clock.advance(INTERVAL_MS * 3);
    assert.equal(harness.poller.hasLoop(USER, MEMBER), false);
    assert.ok(
      harness.source.calls.slice(2).every((c) => c.userGuid === OTHER_USER && c.memberGuid === MEMBER),
    );
    assert.deepEqual(bob.labels(), ["CONNECTED*"]);
    await bob.iterator.return?.();
  });
});
