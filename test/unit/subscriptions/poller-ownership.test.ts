import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { PollOwnership } from "../../../src/subscriptions/ports.js";
import { memberStatusTopic } from "../../../src/subscriptions/ports.js";
import {
  INTERVAL_MS,
  MEMBER,
  RUNNING,
  USER,
  createHarness,
  settle,
  subscribeAndSettle,
  type Harness,
} from "./helpers/poller-fixtures.js";

/** A stand-in for a lease: asynchronous answers, scripted by the test. */
class ScriptedOwnership implements PollOwnership {
  owned = false;
  readonly log: string[] = [];
  acquire(key: string): Promise<boolean> {
    this.log.push(`acquire ${key}`);
    return Promise.resolve(this.owned);
  }
  renew(key: string): Promise<boolean> {
    this.log.push(`renew ${key}`);
    return Promise.resolve(this.owned);
  }
  release(key: string): Promise<void> {
    this.log.push(`release ${key}`);
    return Promise.resolve();
  }
}

void describe("member status poller: poll ownership", () => {
  let harness: Harness;
  afterEach(() => harness.poller.close());

  void it("polls only while it owns the member, renews before each poll and releases when the last subscriber leaves", async () => {
    const ownership = new ScriptedOwnership();
    const key = memberStatusTopic(USER, MEMBER);
    harness = createHarness(RUNNING, { ownership });
    const recorder = await subscribeAndSettle(harness);
    // Another instance polls: this one only listens, and asks again later.
    assert.equal(harness.source.calls.length, 0);
    await harness.clock.advance(INTERVAL_MS);
    assert.equal(harness.source.calls.length, 0);

    ownership.owned = true;
    await harness.clock.advance(INTERVAL_MS);
    assert.equal(harness.source.calls.length, 1);
    await harness.clock.advance(INTERVAL_MS);
    assert.equal(harness.source.calls.length, 2);
    assert.deepEqual(recorder.labels(), ["CONNECTED*"]);

    await recorder.iterator.return?.();
    await settle();
    assert.deepEqual(ownership.log, [
      `acquire ${key}`,
      `acquire ${key}`,
      `acquire ${key}`,
      `renew ${key}`,
      `release ${key}`,
    ]);
    assert.deepEqual(harness.poller.stats(), { loops: 0, subscriptions: 0, timers: 0, inFlight: 0 });
  });

  void it("stops polling when ownership is lost, and does not release what it no longer holds", async () => {
    const ownership = new ScriptedOwnership();
    ownership.owned = true;
    harness = createHarness(RUNNING, { ownership });
    const recorder = await subscribeAndSettle(harness);
    assert.equal(harness.source.calls.length, 1);
    ownership.owned = false;
    await harness.clock.advance(INTERVAL_MS * 5);
    assert.equal(harness.source.calls.length, 1);
    await recorder.iterator.return?.();
    await settle();
    assert.ok(!ownership.log.some((entry) => entry.startsWith("release")));
  });

  void it("treats an ownership check that throws as not owning, and tries again", async () => {
    let attempts = 0;
    harness = createHarness(RUNNING, {
      ownership: {
        acquire: () => {
          attempts++;
          if (attempts === 1) throw new Error("redis down");
          return true;
        },
        renew: () => true,
        release: () => {},
      },
    });
    const recorder = await subscribeAndSettle(harness);
    assert.equal(harness.source.calls.length, 0);
    await harness.clock.advance(INTERVAL_MS);
    assert.equal(harness.source.calls.length, 1);
    await recorder.iterator.return?.();
  });
});
