// sandboxOptionsFromEnv: defaults, overrides, and errors that name the variable.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sandboxOptionsFromEnv } from "../../src/sandbox/sandbox-config.js";

void describe("sandboxOptionsFromEnv", () => {
  void it("defaults: port 4010, nothing else set", () => {
    assert.deepEqual(sandboxOptionsFromEnv({}), { port: 4010 });
  });

  void it("reads every variable", () => {
    const options = sandboxOptionsFromEnv({
      SANDBOX_PORT: "0",
      SANDBOX_HOST: "0.0.0.0",
      SANDBOX_API_KEY: "k",
      SANDBOX_CLIENT_ID: "c",
      SANDBOX_SPEED: "2.5",
      SANDBOX_LATENCY_MS: "100",
      SANDBOX_FAULT_RATE: "0.25",
      SANDBOX_HANG_MS: "500",
      SANDBOX_IDENTIFICATION_ENABLED: "false",
    });
    assert.deepEqual(options, {
      port: 0,
      host: "0.0.0.0",
      apiKey: "k",
      clientId: "c",
      speed: 2.5,
      latencyMs: 100,
      faultRate: 0.25,
      hangMs: 500,
      identificationEnabled: false,
    });
  });

  void it("SANDBOX_* keys override ATRIUM_* keys, which override the defaults; empty means unset", () => {
    const atriumOnly = sandboxOptionsFromEnv({ ATRIUM_API_KEY: "ak", ATRIUM_CLIENT_ID: "ac" });
    assert.deepEqual([atriumOnly.apiKey, atriumOnly.clientId], ["ak", "ac"]);
    const both = sandboxOptionsFromEnv({
      ATRIUM_API_KEY: "ak",
      SANDBOX_API_KEY: "sk",
      SANDBOX_CLIENT_ID: "",
    });
    assert.deepEqual([both.apiKey, both.clientId], ["sk", undefined]);
    assert.equal(
      sandboxOptionsFromEnv({ SANDBOX_IDENTIFICATION_ENABLED: "TRUE" }).identificationEnabled,
      true,
    );
  });

  for (const [name, value] of [
    ["SANDBOX_PORT", "70000"],
    ["SANDBOX_PORT", "abc"],
    ["SANDBOX_PORT", "1.5"],
    ["SANDBOX_SPEED", "0"],
    ["SANDBOX_SPEED", "fast"],
    ["SANDBOX_LATENCY_MS", "-5"],
    ["SANDBOX_FAULT_RATE", "1.5"],
    ["SANDBOX_FAULT_RATE", "half"],
    ["SANDBOX_HANG_MS", "-1"],
    ["SANDBOX_IDENTIFICATION_ENABLED", "yes"],
  ] as const) {
    void it(`${name}=${value} → an error naming ${name}`, () => {
      assert.throws(
        () => sandboxOptionsFromEnv({ [name]: value }),
        (error: unknown) => error instanceof Error && error.message.startsWith(name),
      );
    });
  }
});
