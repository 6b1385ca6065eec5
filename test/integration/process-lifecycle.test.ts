import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { promisify } from "node:util";
import { runServerProcess } from "../helpers/server-process.js";
import { MEMBER_STATUS } from "../helpers/ws-clients.js";

describe("start-up", () => {
  test("a bad variable stops start-up with one line naming it, exit code 1", async () => {
    for (const [name, value] of [
      ["PORT", "not-a-port"],
      ["POLL_INTERVAL_MS", "-1"],
      ["ATRIUM_BASE_URL", "https://atrium.mx.com"],
    ] as const) {
      const proc = runServerProcess({ [name]: value });
      const { code } = await proc.exited;
      assert.equal(code, 1, name);
      const expected = name === "ATRIUM_BASE_URL" ? "ATRIUM_API_KEY" : name;
      assert.equal(proc.stderr.length, 1, proc.stderr.join("\n"));
      assert.match(proc.stderr[0]!, new RegExp(expected));
    }
  });

  test("a taken PORT or SANDBOX_PORT stops start-up with one line naming the variable", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = String((taken.address() as { port: number }).port);
    try {
      for (const [name, env] of [
        ["PORT", { PORT: port, HOST: "127.0.0.1", SANDBOX_PORT: "0" }],
        ["SANDBOX_PORT", { PORT: "0", SANDBOX_PORT: port }],
      ] as const) {
        const proc = runServerProcess({ ...env, LOG_LEVEL: "warn" });
        const { code } = await proc.exited;
        assert.equal(code, 1, name);
        assert.equal(proc.stderr.length, 1, proc.stderr.join("\n"));
        assert.match(proc.stderr[0]!, new RegExp(`${name} ${port} is already in use`));
        assert.doesNotMatch(proc.stderr[0]!, /\bat |WebSocket/);
      }
    } finally {
      taken.close();
    }
  });

  test("with no configuration it serves on the embedded sandbox and prints a demo token and an example", async () => {
    const proc = runServerProcess({ PORT: "0", SANDBOX_PORT: "0", LOG_LEVEL: "warn" });
    try {
      const urlLine = await proc.waitForLine(/GraphQL \(HTTP and WebSocket\):/);
      const tokenLine = await proc.waitForLine(/Demo bearer token:/);
      await proc.waitForLine(/curl -s/);
      const url = urlLine.split(": ").pop()!.trim();
      const token = tokenLine.split(": ").pop()!.trim();
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: "{ members { guid name } }" }),
      });
      const body = (await res.json()) as { data?: { members: unknown[] } };
      assert.ok((body.data?.members.length ?? 0) >= 6, "the seeded demo members");
      // The banner's curl example, pasted into a shell as printed, answers data.
      const from = proc.stdout.findIndex((l) => l.startsWith("Example:"));
      const curl = proc.stdout
        .slice(from + 1)
        .filter((l) => l.startsWith("  "))
        .join("\n");
      const { stdout: answer } = await promisify(execFile)("bash", ["-c", curl], { timeout: 20_000 });
      const printed = JSON.parse(answer) as { data?: { members?: unknown[] }; errors?: unknown };
      assert.equal(printed.errors, undefined, answer);
      assert.ok((printed.data?.members?.length ?? 0) >= 6, answer);
      // Each demo member's line says what its scenario expects.
      assert.ok(proc.stdout.some((l) => /textMfa\s+MBR-\S+\s+TEXT challenge, answer correct/.test(l)));
      const page = await fetch(url, { headers: { accept: "text/html" } }).then((r) => r.text());
      assert.match(page, /new window\.EmbeddedSandbox/);
      assert.ok(page.includes(token), "Apollo Sandbox gets the demo token's Authorization header");
      // The browser side the banner names: the identify app and the bundled GraphiQL.
      for (const label of [/Identify web app:/, /GraphiQL \(works offline\):/]) {
        const line = proc.stdout.find((l) => label.test(l)) ?? "";
        const pageUrl = /(http:\/\/\S+)/.exec(line)?.[1] ?? "";
        const res = await fetch(pageUrl);
        assert.equal(res.status, 200, line);
        assert.match(await res.text(), /<script type="module" crossorigin src="\/assets\//, line);
      }
    } finally {
      proc.child.kill("SIGTERM");
      await proc.exited;
    }
  });
});

describe("ATRIUM_API=platform with no credentials", () => {
  test("npm start's process runs a whole identify flow on the sandbox's Platform API dialect", async () => {
    const proc = runServerProcess({
      PORT: "0",
      SANDBOX_PORT: "0",
      LOG_LEVEL: "warn",
      ATRIUM_API: "platform",
    });
    try {
      await proc.waitForLine(/embedded Atrium sandbox .*speaking the MX Platform API/);
      const url = (await proc.waitForLine(/GraphQL \(HTTP and WebSocket\):/)).split(": ").pop()!.trim();
      const token = (await proc.waitForLine(/Demo bearer token:/)).split(": ").pop()!.trim();
      const guid = /noMfa\s+(MBR-\S+)/.exec(await proc.waitForLine(/^\s+noMfa\s/))![1]!;
      const gql = async (query: string): Promise<Record<string, Record<string, unknown>>> => {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables: { guid } }),
        });
        const body = (await res.json()) as {
          data?: Record<string, Record<string, unknown>>;
          errors?: unknown;
        };
        assert.equal(body.errors, undefined, JSON.stringify(body.errors));
        return body.data!;
      };
      await gql(`mutation($guid: ID!) { identifyMember(memberGuid: $guid) { alreadyRunning } }`);
      const read = `query($guid: ID!) { member(guid: $guid) { status memberStatus { connectionStatus isFinal } accountOwners { guid } } }`;
      let member: Record<string, unknown> = {};
      for (let i = 0; i < 100; i++) {
        member = (await gql(read)).member!;
        if ((member.memberStatus as { isFinal: boolean }).isFinal) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.deepEqual(member.memberStatus, { connectionStatus: "CONNECTED", isFinal: true });
      assert.ok((member.accountOwners as unknown[]).length > 0);
      assert.equal(member.status, null, "no job status on the Platform API: the server spoke Platform");
    } finally {
      proc.child.kill("SIGTERM");
      await proc.exited;
    }
  });
});

describe("graceful shutdown", () => {
  test("SIGTERM: the query in flight completes, the socket closes 1001, exit 0 within 10 s", async () => {
    const proc = runServerProcess({ PORT: "0", SANDBOX_PORT: "0", LOG_LEVEL: "warn" });
    const url = (await proc.waitForLine(/GraphQL \(HTTP and WebSocket\):/)).split(": ").pop()!.trim();
    const token = (await proc.waitForLine(/Demo bearer token:/)).split(": ").pop()!.trim();
    const sandboxUrl = /\((http:\/\/[^)]+)\)/.exec(await proc.waitForLine(/embedded Atrium sandbox/))![1]!;
    const headers = {
      "mx-api-key": "sandbox-api-key",
      "mx-client-id": "sandbox-client-id",
      "content-type": "application/json",
    };
    // Slow every upstream answer, so the query below is still in flight at SIGTERM.
    const latency = await fetch(`${sandboxUrl}/_sandbox/latency`, {
      method: "PUT",
      headers,
      body: JSON.stringify({ ms: 1500 }),
    });
    assert.ok(latency.ok, `latency control: ${latency.status}`);

    const ws = createClient({
      url: url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    const closed = new Promise<number>((resolve) =>
      ws.on("closed", (e) => resolve((e as { code: number }).code)),
    );
    const membersRes = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ members { guid } }" }),
    });
    const memberGuid = ((await membersRes.json()) as { data: { members: Array<{ guid: string }> } }).data
      .members[0]!.guid;
    const connected = new Promise<void>((resolve) => ws.on("connected", () => resolve()));
    ws.subscribe(
      { query: MEMBER_STATUS, variables: { guid: memberGuid } },
      { next: () => {}, error: () => {}, complete: () => {} },
    );
    await connected;

    const inFlight = fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: "{ members { guid } }" }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    proc.child.kill("SIGTERM");

    const res = await inFlight;
    assert.equal(res.status, 200);
    const body = (await res.json()) as { data?: { members: unknown[] }; errors?: unknown };
    assert.equal(body.errors, undefined);
    assert.ok(body.data?.members.length);
    assert.equal(await closed, 1001);
    const { code } = await proc.exited;
    assert.equal(code, 0, [...proc.stdout, ...proc.stderr].slice(-10).join("\n"));
    assert.ok(Date.now() - started < 10_000, "exited within 10 s");
    await ws.dispose();
  });
});
