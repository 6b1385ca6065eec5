import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { RetryBudget } from "../../src/datasources/retry-budget.js";
import { UserUpstreamBudget } from "../../src/datasources/user-upstream-budget.js";
import { NotFoundCache } from "../../src/datasources/not-found-cache.js";
import { AtriumError } from "../../src/datasources/atrium-errors.js";

describe("retry budget", () => {
  test("retries are at most the ratio of recent requests plus the floor, and the window slides", () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 0.2, minPerSecond: 0, windowMs: 10_000, now: () => now });
    for (let i = 0; i < 50; i++) budget.recordRequest();
    let allowed = 0;
    for (let i = 0; i < 50; i++) if (budget.tryRetry()) allowed++;
    assert.equal(allowed, 10);
    now += 11_000;
    assert.equal(budget.tryRetry(), false, "old requests no longer count");
    budget.recordRequest();
    for (let i = 0; i < 4; i++) budget.recordRequest();
    assert.equal(budget.tryRetry(), true);
  });
});

describe("per-user upstream budget", () => {
  test("at most `concurrency` in flight per user; a released slot goes to the next waiter", async () => {
    const budget = new UserUpstreamBudget({ concurrency: 2, ratePerSecond: 1000, burst: 1000 });
    const deadline = Date.now() + 5000;
    const first = await budget.acquire("U1", deadline);
    const second = await budget.acquire("U1", deadline);
    let thirdIn = false;
    const third = budget.acquire("U1", deadline).then((release) => {
      thirdIn = true;
      return release;
    });
    const other = await budget.acquire("U2", deadline);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(thirdIn, false, "U1's third waits; U2 is not queued behind it");
    first();
    (await third)();
    assert.equal(thirdIn, true);
    second();
    other();
  });

  test("a waiter past its deadline gives up with UPSTREAM_UNAVAILABLE; past the rate, RATE_LIMITED", async () => {
    const budget = new UserUpstreamBudget({ concurrency: 1, ratePerSecond: 1, burst: 2 });
    const held = await budget.acquire("U1", Date.now() + 1000);
    await assert.rejects(
      budget.acquire("U1", Date.now() + 20),
      (e) => e instanceof AtriumError && e.code === "UPSTREAM_UNAVAILABLE",
    );
    held();
    await assert.rejects(
      budget.acquire("U1", Date.now() + 1000),
      (e) => e instanceof AtriumError && e.code === "RATE_LIMITED",
    );
  });
});

describe("not-found cache", () => {
  test("remembers a 404 for its time to live, and stays bounded", () => {
    let now = 0;
    const cache = new NotFoundCache(1000, 2, () => now);
    cache.add("/a");
    cache.add("/b");
    cache.add("/c");
    assert.equal(cache.has("/a"), false, "the oldest went first");
    assert.equal(cache.has("/c"), true);
    now += 1001;
    assert.equal(cache.has("/c"), false);
  });
});
