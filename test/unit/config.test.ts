import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config.js";

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.message;
  }
  assert.fail("expected a configuration error");
}

test("no configuration means the embedded sandbox with documented defaults", () => {
  const config = loadConfig({});
  assert.equal(config.sandboxMode, true);
  assert.equal(config.port, 4000);
  assert.equal(config.poll.intervalMs, 1000);
  assert.equal(config.poll.idleIntervalMs, 30_000);
  assert.equal(config.atrium.timeoutMs, 10_000);
  assert.equal(config.atrium.maxRetries, 3);
  assert.equal(config.limits.maxDepth, 10);
  assert.equal(config.limits.maxCost, 1000);
  assert.equal(config.production, false);
  assert.ok(Object.isFrozen(config));
});

test("real Atrium polls no faster than 3 s by default", () => {
  const config = loadConfig({
    ATRIUM_BASE_URL: "https://vestibule.mx.com",
    ATRIUM_API_KEY: "k".repeat(20),
    ATRIUM_CLIENT_ID: "c".repeat(20),
    AUTH_JWT_SECRET: "s".repeat(32),
  });
  assert.equal(config.sandboxMode, false);
  assert.equal(config.poll.intervalMs, 3000);
});

test("each invalid variable is named in one line", () => {
  assert.match(failure({ PORT: "abc" }), /PORT/);
  assert.match(failure({ POLL_INTERVAL_MS: "-5" }), /POLL_INTERVAL_MS/);
  assert.match(failure({ SANDBOX_FAULT_RATE: "2" }), /SANDBOX_FAULT_RATE/);
  assert.match(failure({ LOG_LEVEL: "loud" }), /LOG_LEVEL/);
  assert.match(failure({ ATRIUM_BASE_URL: "not a url" }), /ATRIUM_BASE_URL/);
  assert.match(failure({ ATRIUM_BASE_URL: "https://atrium.mx.com" }), /ATRIUM_API_KEY/);
  assert.match(
    failure({
      NODE_ENV: "production",
      ATRIUM_BASE_URL: "https://atrium.mx.com",
      ATRIUM_API_KEY: "k",
      ATRIUM_CLIENT_ID: "c",
    }),
    /AUTH_JWT_SECRET or AUTH_JWKS_URL/,
  );
  assert.match(failure({ AUTH_JWT_SECRET: "short" }), /AUTH_JWT_SECRET/);
  assert.match(failure({ POLL_INTERVAL_MS: "5000", POLL_IDLE_INTERVAL_MS: "1000" }), /POLL_IDLE_INTERVAL_MS/);
  assert.match(failure({ REDIS_URL: "http://x" }), /REDIS_URL/);
  for (const message of [failure({ PORT: "abc" }), failure({ ATRIUM_BASE_URL: "https://atrium.mx.com" })]) {
    assert.equal(message.split("\n").length, 1);
  }
});

test("a secret value is never echoed in the error", () => {
  const message = failure({ AUTH_JWT_SECRET: "tiny-secret" });
  assert.doesNotMatch(message, /tiny-secret/);
});

test("empty variables count as unset", () => {
  assert.equal(loadConfig({ PORT: "", ATRIUM_BASE_URL: "" }).port, 4000);
});
