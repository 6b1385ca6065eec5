// close() leaves nothing behind (the process exits by itself), and the standalone entry (main.js)
// starts, serves, validates its environment and stops on SIGTERM.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, it } from "node:test";

const sandboxModule = fileURLToPath(new URL("../../src/sandbox/sandbox.js", import.meta.url));
const mainScript = fileURLToPath(new URL("../../src/sandbox/main.js", import.meta.url));

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function run(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  onStdout?: (text: string, kill: () => void) => void,
): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`child did not exit within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout, () => child.kill("SIGTERM"));
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

// Started in a child process: a running MFA job (5-minute expiry timer), a hanging request, a request
// held by latency, a keep-alive connection — then close(). The child must exit on its own.
const CHILD = `
import { startSandbox } from ${JSON.stringify(sandboxModule)};
const sb = await startSandbox({ speed: 1 });
const headers = { Accept: "application/vnd.mx.atrium.v1+json", "MX-API-Key": sb.apiKey, "MX-Client-ID": sb.clientId };
const { userGuid, members } = sb.demo;
await fetch(sb.url + "/users/" + userGuid + "/members/" + members.textMfa + "/identify", { method: "POST", headers }).then((r) => r.text());
sb.controls.settle(members.textMfa);
await fetch(sb.url + "/institutions", { headers }).then((r) => r.text());
sb.controls.injectFault({ kind: "hang", route: "/institutions" });
const hanging = fetch(sb.url + "/institutions", { headers }).catch(() => "closed");
sb.controls.setLatency(30000, { route: "/institutions/:institution_code" });
const delayed = fetch(sb.url + "/institutions/mxbank", { headers }).catch(() => "closed");
await new Promise((resolve) => setTimeout(resolve, 100));
await sb.close();
await sb.close();
console.log("closed", await hanging, await delayed);
`;

void describe("lifecycle", () => {
  void it("close() clears timers and sockets: the process exits by itself", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-close-"));
    try {
      const script = join(dir, "child.mjs");
      await writeFile(script, CHILD);
      const exit = await run([script], { PATH: process.env.PATH }, 10_000);
      assert.equal(exit.code, 0, exit.stderr);
      assert.match(exit.stdout, /^closed closed closed/m);
      assert.ok(exit.ms < 8000, `${exit.ms} ms`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  void it("main.js prints URL, keys, demo members and a curl example, serves, and stops on SIGTERM", async () => {
    let served: Promise<number> | undefined;
    const exit = await run(
      [mainScript],
      { PATH: process.env.PATH, SANDBOX_PORT: "0", SANDBOX_API_KEY: "k1" },
      10_000,
      (out, kill) => {
        const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
        if (served === undefined && url !== undefined && out.includes("try: curl")) {
          const headers = {
            Accept: "application/vnd.mx.atrium.v1+json",
            "MX-API-Key": "k1",
            "MX-Client-ID": "sandbox-client-id",
          };
          served = fetch(`${url}/institutions/mxbank`, { headers }).then((r) => {
            kill();
            return r.status;
          });
        }
      },
    );
    assert.equal(await served, 200);
    assert.equal(exit.code, 0, exit.stderr);
    for (const text of [
      "MX-API-Key: k1",
      "MX-Client-ID: sandbox-client-id",
      "demo user",
      "textMfa: MBR-",
      "manyTransactions: MBR-",
      "SIGTERM",
    ]) {
      assert.ok(exit.stdout.includes(text), text);
    }
  });

  void it("main.js refuses a bad variable with one line naming it, exit code 1", async () => {
    const exit = await run([mainScript], { PATH: process.env.PATH, SANDBOX_FAULT_RATE: "2" }, 10_000);
    assert.equal(exit.code, 1);
    assert.equal(exit.stderr.trim().split("\n").length, 1);
    assert.match(exit.stderr, /^SANDBOX_FAULT_RATE/);
  });
});
