import { test } from "node:test";
import assert from "node:assert/strict";
import { isRetryable, parseRetryAfter, retryDelayMs } from "../../src/datasources/retry-policy.js";

test("GETs retry network errors, timeouts, 429 and 5xx, and nothing else", () => {
  assert.equal(isRetryable("idempotent", { kind: "network", notSent: false }), true);
  assert.equal(isRetryable("idempotent", { kind: "timeout" }), true);
  for (const status of [429, 500, 502, 503, 504]) {
    assert.equal(isRetryable("idempotent", { kind: "response", status }), true, String(status));
  }
  for (const status of [400, 401, 403, 404, 409, 422]) {
    assert.equal(isRetryable("idempotent", { kind: "response", status }), false, String(status));
  }
});

test("identify retries only when no job can have started", () => {
  assert.equal(isRetryable("safe-start", { kind: "network", notSent: true }), true);
  assert.equal(isRetryable("safe-start", { kind: "response", status: 429 }), true);
  assert.equal(isRetryable("safe-start", { kind: "response", status: 503 }), true);
  assert.equal(isRetryable("safe-start", { kind: "timeout" }), false);
  assert.equal(isRetryable("safe-start", { kind: "network", notSent: false }), false);
  assert.equal(isRetryable("safe-start", { kind: "response", status: 500 }), false);
  assert.equal(isRetryable("safe-start", { kind: "response", status: 502 }), false);
});

test("resume is never retried once it may have reached upstream", () => {
  assert.equal(isRetryable("never", { kind: "response", status: 503 }), false);
  assert.equal(isRetryable("never", { kind: "response", status: 429 }), false);
  assert.equal(isRetryable("never", { kind: "timeout" }), false);
  assert.equal(isRetryable("never", { kind: "network", notSent: false }), false);
  assert.equal(isRetryable("never", { kind: "network", notSent: true }), true);
});

test("backoff grows exponentially with jitter and is capped", () => {
  const low = (attempt: number) =>
    retryDelayMs(attempt, undefined, { baseMs: 100, maxMs: 1000, random: () => 0 });
  const high = (attempt: number) =>
    retryDelayMs(attempt, undefined, { baseMs: 100, maxMs: 1000, random: () => 1 });
  assert.deepEqual([1, 2, 3, 4, 5].map(low), [50, 100, 200, 400, 500]);
  assert.deepEqual([1, 2, 3, 4, 5].map(high), [100, 200, 400, 800, 1000]);
});

test("Retry-After wins when longer, and a too-long one fails fast", () => {
  assert.equal(retryDelayMs(1, 2, { baseMs: 100, random: () => 0 }), 2000);
  assert.equal(retryDelayMs(1, 0, { baseMs: 100, random: () => 1 }), 100);
  assert.equal(retryDelayMs(1, 60, { maxRetryAfterMs: 5000 }), undefined);
});

test("Retry-After parses seconds and HTTP dates", () => {
  assert.equal(parseRetryAfter("3"), 3);
  assert.equal(parseRetryAfter(null), undefined);
  assert.equal(parseRetryAfter("soon"), undefined);
  const now = Date.parse("2026-01-01T00:00:00Z");
  assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now), 5);
});
