// The README's MX Platform API examples, run as printed: the integration-environment configuration
// loads, and the webhook curl block answers 204 and 401 against a server on the Platform dialect.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadConfig } from "../../src/config.js";
import { useTestServer } from "../helpers/fixtures.js";

const README = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");

function block(language: string, containing: string): string {
  const pattern = new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g");
  const found = [...README.matchAll(pattern)].map((m) => m[1] ?? "").find((b) => b.includes(containing));
  assert.ok(found, `a ${language} block with ${containing}`);
  return found;
}

describe("the README's MX Platform API examples", () => {
  const server = useTestServer({
    api: "platform",
    env: { MX_WEBHOOK_USERNAME: "mx-webhooks", MX_WEBHOOK_PASSWORD: "a-long-webhook-password" },
  });

  test("the integration-environment configuration is valid and speaks the Platform API", () => {
    const env = Object.fromEntries(
      block("env", "int-api.mx.com")
        .trim()
        .split("\n")
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    ) as Record<string, string>;
    const config = loadConfig(env);
    assert.equal(config.atrium.api, "platform");
    assert.equal(config.atrium.baseUrl, "https://int-api.mx.com");
    assert.equal(config.sandboxMode, false);
  });

  test("the webhook curl block answers 204, then 401", async () => {
    const script = block("sh", "/webhooks/mx");
    assert.match(script, /^S=http:\/\/localhost:4000$/m);
    const runnable = script.replace(/^S=.*$/m, `S=http://127.0.0.1:${server.port}`);
    const { stdout } = await promisify(execFile)("bash", ["-c", runnable], { timeout: 20_000 });
    assert.deepEqual(stdout.trim().split("\n"), ["204", "401"]);
  });
});
