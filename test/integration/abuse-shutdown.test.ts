/**
 * Issue 15, finding 12: an operation slower than the shutdown grace is answered
 * with an error and the process exits 0 (it used to be reset, exit 1).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { startSandbox } from "../../src/sandbox/sandbox.js";
import { signUserToken } from "../../src/auth/token-verifier.js";
import { runServerProcess } from "../helpers/server-process.js";
import { PRODUCTION_SECRET, productionEnv } from "../helpers/production-server.js";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";

test("SIGTERM with an upstream slower than SHUTDOWN_GRACE_MS: UPSTREAM_UNAVAILABLE answer, exit 0", async () => {
  const sandbox = await startSandbox({ speed: 40 });
  const proc = runServerProcess({
    ...productionEnv(sandbox),
    ATRIUM_TIMEOUT_MS: "30000",
    SHUTDOWN_GRACE_MS: "1500",
    LOG_LEVEL: "info",
  });
  try {
    const started = JSON.parse(await proc.waitForLine(/"server started"/)) as { url: string };
    const token = await signUserToken(PRODUCTION_SECRET, sandbox.demo.userGuid);
    // The upstream hangs (60 s): the request is in flight when SIGTERM comes.
    sandbox.controls.injectFault({ kind: "hang", route: UPSTREAM_ROUTES.institution });
    const answer = fetch(started.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `{ institution(code: "mxbank") { name } }` }),
    }).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> },
    }));
    const deadline = Date.now() + 10_000;
    while (sandbox.calls.count({ route: UPSTREAM_ROUTES.institution }) === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    proc.child.kill("SIGTERM");
    const res = await answer;
    assert.equal(res.status, 200);
    assert.equal(res.body.errors?.[0]?.extensions?.code, "UPSTREAM_UNAVAILABLE");
    const { code } = await proc.exited;
    assert.equal(code, 0, proc.stdout.slice(-5).join("\n"));
  } finally {
    proc.child.kill("SIGKILL");
    await sandbox.close();
  }
});
