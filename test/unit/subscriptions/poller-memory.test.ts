import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  DONE,
  INTERVAL_MS,
  MEMBER,
  RUNNING,
  USER,
  closeIterator,
  createHarness,
  settle,
} from "./helpers/poller-fixtures.js";

const SUBSCRIPTIONS = 10_000;

// `node --test` runs without --expose-gc; this enables it for this test file only.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

function heapUsed(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

void describe("member status poller: memory and fan-out", () => {
  void it("10,000 idle subscriptions on one member cost well under 10 KB each, and one change reaches all of them", async (t) => {
    const harness = createHarness(DONE);
    // Warm up code paths so their one-off allocations are not counted.
    const warm = harness.poller.subscribe(USER, "MBR-warm");
    await warm.next();
    await warm.return?.();
    await settle();

    const before = heapUsed();
    const iterators = Array.from({ length: SUBSCRIPTIONS }, () => harness.poller.subscribe(USER, MEMBER));
    // Each subscriber takes the first status, then waits with a next() pending, as graphql-ws does.
    await Promise.all(iterators.map((iterator) => iterator.next()));
    const pending = iterators.map((iterator) => iterator.next());
    await settle();
    const perSubscription = (heapUsed() - before) / SUBSCRIPTIONS;
    t.diagnostic(`~${Math.round(perSubscription)} bytes per idle subscription`);
    assert.ok(perSubscription < 10 * 1024, `${perSubscription} bytes per subscription`);
    assert.equal(harness.source.calls.length, 2);

    harness.source.set(RUNNING);
    harness.poller.nudge(USER, MEMBER);
    const started = performance.now();
    const results = await Promise.all(pending);
    t.diagnostic(
      `change delivered to ${SUBSCRIPTIONS} subscribers in ${Math.round(performance.now() - started)} ms`,
    );
    assert.ok(results.every((r) => !r.done && r.value.kind === "status" && r.value.status.isBeingAggregated));
    assert.equal(harness.source.calls.length, 3);

    await Promise.all(iterators.map((iterator) => closeIterator(iterator)));
    await harness.clock.advance(INTERVAL_MS);
    await settle();
    assert.deepEqual(harness.poller.stats(), { loops: 0, subscriptions: 0, timers: 0, inFlight: 0 });
    await harness.poller.close();
  });
});
