import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { AtriumError } from "../../../src/datasources/atrium-errors.js";
import {
  DONE,
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

const unavailable = () =>
  new AtriumError("UPSTREAM_UNAVAILABLE", { httpStatus: 503, cause: "upstream body <html>" });

void describe("member status poller: upstream errors", () => {
  let harness: Harness;
  afterEach(() => harness.poller.close());

  void it("keeps failures below the threshold invisible to subscribers", async () => {
    harness = createHarness(RUNNING, { errorThreshold: 3 });
    const recorder = await subscribeAndSettle(harness);
    harness.source.queue(unavailable(), unavailable());
    // Backoff: 1 s, then 2 s, then the success.
    await harness.clock.advance(INTERVAL_MS * 4);
    assert.equal(harness.source.calls.length, 4);
    assert.deepEqual(recorder.labels(), ["CONNECTED*"]);
    await recorder.iterator.return?.();
  });

  void it("delivers persistent failures once to each subscriber, then the status again on recovery", async () => {
    harness = createHarness(RUNNING, { errorThreshold: 3, maxBackoffMs: 4_000 });
    const first = await subscribeAndSettle(harness);
    const second = await subscribeAndSettle(harness);
    harness.source.set(unavailable());
    await harness.clock.advance(60_000);
    assert.ok(harness.source.calls.length > 10);
    for (const recorder of [first, second]) {
      assert.deepEqual(recorder.labels(), ["CONNECTED*", "error:UPSTREAM_UNAVAILABLE"]);
    }

    // A subscriber joining now learns of the outage at once.
    const late = record(harness.poller.subscribe(USER, MEMBER));
    await settle();
    assert.deepEqual(late.labels(), ["error:UPSTREAM_UNAVAILABLE"]);

    harness.source.set(RUNNING);
    await harness.clock.advance(4_000);
    // Same status as before the outage, published again so clients see the recovery.
    for (const recorder of [first, second]) {
      assert.deepEqual(recorder.labels(), ["CONNECTED*", "error:UPSTREAM_UNAVAILABLE", "CONNECTED*"]);
    }
    await Promise.all([first, second, late].map((r) => r.close()));
  });

  void it("keeps rate-limit and auth codes, reads anything else as unavailable, and never leaks upstream text", async () => {
    const cases: [Error, string][] = [
      [new AtriumError("UPSTREAM_AUTH_FAILED", { httpStatus: 401, cause: "secret" }), "UPSTREAM_AUTH_FAILED"],
      [new AtriumError("UPSTREAM_RATE_LIMITED", { httpStatus: 429 }), "UPSTREAM_RATE_LIMITED"],
      [new AtriumError("BAD_USER_INPUT", {}, "custom upstream text"), "UPSTREAM_UNAVAILABLE"],
      [new TypeError("fetch failed: ECONNRESET at socket.js:12"), "UPSTREAM_UNAVAILABLE"],
    ];
    for (const [error, code] of cases) {
      harness = createHarness(error, { errorThreshold: 1 });
      const recorder = await subscribeAndSettle(harness);
      const message = recorder.messages[0];
      assert.ok(message?.kind === "error");
      assert.equal(message.code, code);
      assert.equal(message.message, new AtriumError(message.code).message);
      assert.ok(!JSON.stringify(message).includes("secret"));
      assert.ok(!JSON.stringify(message).includes("socket.js"));
      assert.ok(!JSON.stringify(message).includes("custom"));
      await harness.poller.close();
    }
  });

  void it("delivers NOT_FOUND at once, ends every subscription and stops polling", async () => {
    harness = createHarness(RUNNING, { errorThreshold: 3 });
    const first = await subscribeAndSettle(harness);
    const second = await subscribeAndSettle(harness);
    harness.source.set(new AtriumError("NOT_FOUND", { httpStatus: 404 }));
    await harness.clock.advance(INTERVAL_MS);
    await Promise.all([first.ended, second.ended]);
    for (const recorder of [first, second])
      assert.deepEqual(recorder.labels(), ["CONNECTED*", "error:NOT_FOUND"]);
    await settle();
    assert.deepEqual(harness.poller.stats(), { loops: 0, subscriptions: 0, timers: 0, inFlight: 0 });
    await harness.clock.advance(600_000);
    assert.equal(harness.source.calls.length, 2);
  });

  void it("delivers NOT_FOUND from the very first poll and then ends", async () => {
    harness = createHarness(new AtriumError("NOT_FOUND"));
    const iterator = harness.poller.subscribe(USER, MEMBER);
    const first = await iterator.next();
    assert.equal(first.done, false);
    assert.deepEqual(first.value, {
      kind: "error",
      code: "NOT_FOUND",
      message: new AtriumError("NOT_FOUND").message,
    });
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    assert.equal(harness.poller.hasLoop(USER, MEMBER), false);
  });

  void it("backs off exponentially from the interval up to the cap", async () => {
    harness = createHarness(RUNNING, { maxBackoffMs: 5_000 });
    const recorder = await subscribeAndSettle(harness);
    harness.source.set(unavailable());
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      await harness.clock.advance(harness.clock.pendingDelays()[0] ?? 0);
      delays.push(...harness.clock.pendingDelays());
    }
    assert.deepEqual(delays, [1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);

    // After a success the normal cadence is back.
    harness.source.set(RUNNING);
    await harness.clock.advance(5_000);
    assert.deepEqual(harness.clock.pendingDelays(), [INTERVAL_MS]);
    await recorder.iterator.return?.();
  });

  void it("honours Retry-After, even against a nudge, and passes it on to subscribers", async () => {
    harness = createHarness(RUNNING, { errorThreshold: 1 });
    const recorder = await subscribeAndSettle(harness);
    harness.source.set(new AtriumError("UPSTREAM_RATE_LIMITED", { httpStatus: 429, retryAfterSeconds: 20 }));
    await harness.clock.advance(INTERVAL_MS);
    assert.deepEqual(harness.clock.pendingDelays(), [20_000]);
    assert.deepEqual(recorder.messages[1], {
      kind: "error",
      code: "UPSTREAM_RATE_LIMITED",
      message: new AtriumError("UPSTREAM_RATE_LIMITED").message,
      retryAfterSeconds: 20,
    });

    harness.source.set(DONE);
    await harness.clock.advance(5_000);
    harness.poller.nudge(USER, MEMBER);
    await settle();
    assert.equal(harness.source.calls.length, 2);
    assert.deepEqual(harness.clock.pendingDelays(), [15_000]);
    await harness.clock.advance(15_000);
    assert.equal(harness.source.calls.length, 3);
    assert.equal(harness.source.calls[2]?.at, 21_000);
    assert.equal(harness.source.calls[2]?.memberGuid, MEMBER);
    await recorder.iterator.return?.();
  });
});
