import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import type { MfaChallenge } from "../../../src/domain/types.js";
import {
  DONE,
  IDLE_INTERVAL_MS,
  INTERVAL_MS,
  RUNNING,
  MEMBER,
  USER,
  createHarness,
  label,
  reading,
  record,
  subscribeAndSettle,
  type Harness,
} from "./helpers/poller-fixtures.js";

const question: MfaChallenge = {
  guid: "CRD-q1",
  type: "TEXT",
  label: "What city were you born in?",
  fieldName: "city",
  imageData: null,
  options: [],
  imageOptions: [],
};
const challenged = (challenges: MfaChallenge[]) =>
  reading({ connectionStatus: "CHALLENGED", status: "CHALLENGED", isBeingAggregated: true, challenges });

void describe("member status poller: change detection", () => {
  let harness: Harness;
  afterEach(() => harness.poller.close());

  void it("drops identical readings and delivers only changes", async () => {
    harness = createHarness(RUNNING);
    harness.source.queue(RUNNING, RUNNING, RUNNING, RUNNING, DONE);
    harness.source.set(RUNNING);
    const recorder = await subscribeAndSettle(harness);
    await harness.clock.advance(INTERVAL_MS * 3);
    assert.equal(harness.source.calls.length, 4);
    assert.deepEqual(recorder.labels(), ["CONNECTED*"]);

    await harness.clock.advance(INTERVAL_MS);
    assert.deepEqual(recorder.labels(), ["CONNECTED*", "CONNECTED"]);
    // DONE rests at the idle interval; then the job restarts.
    await harness.clock.advance(IDLE_INTERVAL_MS);
    assert.deepEqual(recorder.labels(), ["CONNECTED*", "CONNECTED", "CONNECTED*"]);
    await recorder.iterator.return?.();
  });

  void it("delivers a change in a single flag or timestamp", async () => {
    harness = createHarness(RUNNING);
    const recorder = await subscribeAndSettle(harness);
    harness.source.set({ ...RUNNING, hasProcessedTransactions: true });
    await harness.clock.advance(INTERVAL_MS);
    harness.source.set({
      ...RUNNING,
      hasProcessedTransactions: true,
      aggregatedAt: new Date("2025-02-01T00:00:00Z"),
    });
    await harness.clock.advance(INTERVAL_MS);
    await harness.clock.advance(INTERVAL_MS);
    assert.equal(recorder.messages.length, 3);
    await recorder.iterator.return?.();
  });

  void it("includes the challenges when CHALLENGED and delivers a new challenge", async () => {
    harness = createHarness(challenged([question]));
    const recorder = await subscribeAndSettle(harness);
    const first = recorder.messages[0];
    assert.ok(first?.kind === "status");
    assert.deepEqual(first.status.challenges, [question]);
    assert.equal(first.status.needsUserAction, true);

    const second = { ...question, guid: "CRD-q2", label: "Your first pet?" };
    harness.source.set(challenged([second]));
    harness.source.queue(challenged([question]));
    // CHALLENGED waits at the idle interval; the answer's mutation would nudge instead.
    await harness.clock.advance(IDLE_INTERVAL_MS);
    assert.equal(recorder.messages.length, 1);
    await harness.clock.advance(IDLE_INTERVAL_MS);
    const latest = recorder.messages[1];
    assert.ok(latest?.kind === "status");
    assert.deepEqual(
      latest.status.challenges.map((c) => c.guid),
      ["CRD-q2"],
    );
    await recorder.iterator.return?.();
  });

  void it("drops the oldest events for a subscriber that stops pulling and keeps the newest", async () => {
    harness = createHarness(RUNNING, { bufferSize: 2 });
    const slow = harness.poller.subscribe(USER, MEMBER);
    const fast = record(harness.poller.subscribe(USER, MEMBER));
    assert.equal((await slow.next()).done, false);
    const statuses = ["CREATED", "UPDATED", "RESUMED", "RECONNECTED", "DELAYED"] as const;
    for (const connectionStatus of statuses) {
      harness.source.set(reading({ connectionStatus, isBeingAggregated: true }));
      await harness.clock.advance(INTERVAL_MS);
    }
    assert.equal(fast.messages.length, 6);
    const late: string[] = [];
    for (let i = 0; i < 2; i++) {
      const result = await slow.next();
      if (!result.done) late.push(label(result.value));
    }
    assert.deepEqual(late, ["RECONNECTED*", "DELAYED*"]);
    await Promise.all([slow.return?.(), fast.close()]);
  });
});
