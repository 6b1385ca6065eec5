// WEB_APP: the identify web app is on by default outside production, off in production unless set.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "../../src/config.js";

const PRODUCTION = {
  NODE_ENV: "production",
  ATRIUM_BASE_URL: "https://atrium.mx.com",
  ATRIUM_API_KEY: "key",
  ATRIUM_CLIENT_ID: "client",
  AUTH_JWT_SECRET: "s".repeat(40),
};

test("WEB_APP defaults: on in development, off in production", () => {
  assert.equal(loadConfig({}).webApp, true);
  assert.equal(loadConfig(PRODUCTION).webApp, false);
});

test("WEB_APP=on / off override the default either way", () => {
  assert.equal(loadConfig({ ...PRODUCTION, WEB_APP: "on" }).webApp, true);
  assert.equal(loadConfig({ WEB_APP: "off" }).webApp, false);
});

test("any other WEB_APP value stops start-up naming the variable", () => {
  assert.throws(
    () => loadConfig({ WEB_APP: "yes" }),
    (error: unknown) => error instanceof ConfigError && /WEB_APP/.test(error.message),
  );
});
