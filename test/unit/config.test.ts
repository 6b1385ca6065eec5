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
  assert.equal(config.limits.maxCost, 250);
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

test("ATRIUM_API picks the MX API; the other API's host and webhooks on Atrium are refused", () => {
  assert.equal(loadConfig({}).atrium.api, "atrium");
  assert.equal(loadConfig({ ATRIUM_API: "platform" }).atrium.api, "platform");
  assert.match(failure({ ATRIUM_API: "nexus" }), /ATRIUM_API/);
  const real = { ATRIUM_API_KEY: "k", ATRIUM_CLIENT_ID: "c", AUTH_JWT_SECRET: "s".repeat(32) };
  assert.match(
    failure({ ...real, ATRIUM_API: "platform", ATRIUM_BASE_URL: "https://vestibule.mx.com" }),
    /ATRIUM_BASE_URL.*ATRIUM_API=atrium/,
  );
  assert.match(failure({ ...real, ATRIUM_BASE_URL: "https://int-api.mx.com" }), /ATRIUM_API=platform/);
  const platform = loadConfig({ ...real, ATRIUM_API: "platform", ATRIUM_BASE_URL: "https://int-api.mx.com" });
  assert.equal(platform.atrium.baseUrl, "https://int-api.mx.com");
  assert.equal(platform.webhooks.credentials, undefined);
  const hooks = { MX_WEBHOOK_USERNAME: "mx", MX_WEBHOOK_PASSWORD: "p".repeat(16) };
  assert.match(failure(hooks), /ATRIUM_API=platform/);
  assert.match(failure({ ATRIUM_API: "platform", MX_WEBHOOK_USERNAME: "mx" }), /MX_WEBHOOK_PASSWORD/);
  assert.match(failure({ ATRIUM_API: "platform", ...hooks, MX_WEBHOOK_PASSWORD: "short" }), /16/);
  assert.match(failure({ ATRIUM_API: "platform", ...hooks, MX_WEBHOOK_PATH: "/graphql" }), /MX_WEBHOOK_PATH/);
  const on = loadConfig({ ATRIUM_API: "platform", ...hooks });
  assert.deepEqual(on.webhooks, {
    path: "/webhooks/mx",
    credentials: { username: "mx", password: "p".repeat(16) },
  });
});
