// Bad input never crashes or hangs the sandbox: broken JSON, invalid UTF-8, huge or streamed bodies,
// odd paths, garbage HTTP, bursts of concurrent requests.
import assert from "node:assert/strict";
import { request } from "node:http";
import { connect } from "node:net";
import { describe, it } from "node:test";
import { atrium, partnerHeaders, createUser } from "../helpers/sandbox-http.js";
import { useSandbox } from "../helpers/fixtures.js";

const sandbox = useSandbox({ speed: 20 });

async function stillServing(): Promise<void> {
  assert.equal((await atrium(sandbox, "GET", "/institutions/mxbank")).status, 200);
}

/** Sends `totalBytes` in chunks without a Content-Length (chunked encoding). */
function postChunked(path: string, totalBytes: number): Promise<number> {
  const url = new URL(path, sandbox.url);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", headers: { ...partnerHeaders(sandbox), "Content-Type": "application/json" } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on("error", reject);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    const pump = (): void => {
      while (sent < totalBytes) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once("drain", pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
}

/** Writes raw bytes on a socket and returns the first line answered. */
function rawExchange(bytes: string): Promise<string> {
  const url = new URL(sandbox.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => socket.write(bytes));
    let data = "";
    socket.on("data", (chunk: Buffer) => (data += chunk.toString("latin1")));
    socket.on("close", () => resolve(data.split("\r\n")[0] ?? ""));
    socket.on("error", reject);
    socket.setTimeout(2000, () => socket.destroy());
  });
}

void describe("bad bodies", () => {
  void it("malformed JSON → 400", async () => {
    for (const raw of ["{", '{"user": }', "nul", '{"user": {"identifier": "a"}} trailing']) {
      assert.equal((await atrium(sandbox, "POST", "/users", undefined, { rawBody: raw })).status, 400, raw);
    }
    await stillServing();
  });

  void it("invalid UTF-8 → 400", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    assert.equal((await atrium(sandbox, "POST", "/users", undefined, { rawBody: bytes })).status, 400);
  });

  void it("JSON of the wrong shape → 400 or 422, never 500", async () => {
    const userGuid = await createUser(sandbox);
    for (const body of [
      null,
      [],
      "text",
      42,
      { user: null },
      { user: [] },
      { member: { credentials: [null] } },
    ]) {
      const a = await atrium(sandbox, "POST", "/users", body);
      const b = await atrium(sandbox, "POST", `/users/${userGuid}/members`, body);
      for (const res of [a, b])
        assert.ok([400, 422].includes(res.status), `${JSON.stringify(body)} → ${res.status}`);
    }
  });

  void it("a streamed (chunked) body over 1 MB → 413, and the sandbox keeps serving", async () => {
    assert.equal(await postChunked("/users", 3 * 1024 * 1024), 413);
    await stillServing();
  });

  void it("a body on a GET is ignored", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        new URL("/institutions", sandbox.url),
        { method: "GET", headers: { ...partnerHeaders(sandbox), "Content-Length": "14" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.end('{"not": "read"');
    });
    assert.equal(status, 200);
  });
});

void describe("odd paths and raw HTTP", () => {
  void it("odd paths → 404", async () => {
    for (const path of [
      "/",
      "//users",
      "/users//members",
      "/users/%E0%A4%A",
      "/../../etc/passwd",
      `/users/${"x".repeat(8000)}`,
      "/institutions/mxbank/credentials/extra",
      "/USERS",
    ]) {
      assert.equal((await atrium(sandbox, "GET", path)).status, 404, path.slice(0, 40));
    }
    assert.equal((await atrium(sandbox, "GET", "/institutions/mxbank/")).status, 200);
    await stillServing();
  });

  void it("garbage HTTP gets 400 and a closed socket", async () => {
    assert.match(await rawExchange("THIS IS NOT HTTP\r\n\r\n"), /^HTTP\/1\.1 400/);
    await stillServing();
  });

  void it("a client that leaves mid-request does not hurt", async () => {
    const url = new URL(sandbox.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => {
        socket.write(
          `POST /users HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nMX-API-Key: ${sandbox.apiKey}\r\n`,
        );
        socket.destroy();
        resolve();
      });
    });
    await stillServing();
  });

  void it("300 concurrent requests are all answered", async () => {
    const results = await Promise.all(
      Array.from({ length: 300 }, () => atrium(sandbox, "GET", "/institutions")),
    );
    assert.ok(results.every((r) => r.status === 200));
  });
});
