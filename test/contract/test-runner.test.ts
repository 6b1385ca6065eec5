import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

test("without a Redis configured, the Redis suites are reported to the runner as skipped", async () => {
  const suites = ["redis-coordination", "redis-outage", "redis-scale-out"].map((name) =>
    fileURLToPath(new URL(`../integration/${name}.test.js`, import.meta.url)),
  );
  const { stdout } = await promisify(execFile)(process.execPath, ["--test", ...suites], {
    env: { PATH: process.env["PATH"] ?? "" }, // no REDIS_URL, no REQUIRE_REDIS
    timeout: 60_000,
  });
  assert.match(stdout, /^# skipped 3$/m);
  assert.match(stdout, /^# fail 0$/m);
  assert.match(stdout, /Redis tests skipped: set REDIS_URL/);
});
