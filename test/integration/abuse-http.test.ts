/**
 * Issue 15, findings 1, 9, 10 and 12 (HTTP side): each attack against a
 * production-mode server on real sockets, and what now bounds it.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { OVERFLOW_LABEL } from "../../src/observability/bounded-labels.js";
import { streamHugeJson, useHostileUpstream } from "../helpers/hostile-upstream.js";
import { useProductionServer } from "../helpers/fixtures.js";
import { heapUsedMbAfterGc, runPool } from "../helpers/production-server.js";
import { waitFor } from "../helpers/start-test-server.js";

const METRICS_TOKEN = "metrics-scrape-token-0123456789";

describe("finding 1: client-chosen operation names do not grow metrics", () => {
  const prod = useProductionServer({ env: { METRICS_PORT: "0", METRICS_TOKEN } });

  const scrape = async (token?: string): Promise<{ status: number; text: string }> => {
    const res = await fetch(`http://127.0.0.1:${prod.server.metricsPort}/metrics`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, text: await res.text() };
  };

  test("/metrics lives on its own port behind a token", async () => {
    const onApiPort = await fetch(prod.server.url.replace("/graphql", "/metrics"));
    assert.equal(onApiPort.status, 404);
    assert.equal((await scrape()).status, 401);
    assert.equal((await scrape("wrong-token-wrong-token-wrong")).status, 401);
    assert.equal((await scrape(METRICS_TOKEN)).status, 200);
  });

  test("3,000 unauthenticated distinct operation names: at most 100 series, bounded heap", async (t) => {
    const heapBefore = heapUsedMbAfterGc();
    const long = "x".repeat(80);
    await runPool(3000, 32, async (i) => {
      const res = await prod.post({ query: `query Op_${i}_${long} { __typename }` }, null);
      assert.equal(res.status, 200);
    });
    const { text } = await scrape(METRICS_TOKEN);
    const names = new Set(
      [...text.matchAll(/^graphql_operations_total\{operation="([^"]*)"/gm)].map((m) => m[1]),
    );
    assert.ok(names.size <= 101, `${names.size} operation series`);
    assert.ok(names.has(OVERFLOW_LABEL));
    assert.ok(text.length < 400_000, `scrape of ${text.length} bytes`);
    const grownMb = heapUsedMbAfterGc() - heapBefore;
    t.diagnostic(`series ${names.size}, scrape ${text.length} B, heap +${grownMb.toFixed(1)} MB`);
    // Unbounded, these 3,000 names cost ~100 MB (34 KB each in the probe).
    assert.ok(grownMb < 25, `heap grew ${grownMb.toFixed(1)} MB`);
  });
});

describe("findings 9 and 10: hostile upstream answers", () => {
  let mode: "redirect" | "huge" = "redirect";
  const redirectTarget = useHostileUpstream((_path, res) => res.end("{}"));
  const upstream = useHostileUpstream((path, res) => {
    if (mode === "huge") return streamHugeJson(res, 16_000_000);
    res.writeHead(302, { location: `${redirectTarget.url}${path}` }).end();
  });
  const prod = useProductionServer(() => ({
    upstreamUrl: upstream.url,
    env: { ATRIUM_MAX_BODY_BYTES: "1000000" },
  }));

  test("a 302 is not followed: the API key never reaches the redirect target", async () => {
    mode = "redirect";
    const token = await prod.token("USR-11111111-2222-3333-4444-555555555555");
    const res = await prod.post({ query: `{ institution(code: "mxbank") { name } }` }, token);
    assert.equal(res.body.errors?.[0]?.extensions?.["code"], "UPSTREAM_UNAVAILABLE");
    assert.equal(redirectTarget.received.length, 0);
    // Refused, not retried: one request upstream.
    assert.equal(upstream.received.length, 1);
  });

  test("four 16 MB answers are cut at ATRIUM_MAX_BODY_BYTES: UPSTREAM_UNAVAILABLE, bounded heap", async (t) => {
    mode = "huge";
    upstream.received.length = 0;
    const token = await prod.token("USR-11111111-2222-3333-4444-555555555555");
    const inUse = (): number => {
      const m = process.memoryUsage();
      return (m.heapUsed + m.arrayBuffers) / 1e6;
    };
    heapUsedMbAfterGc();
    const before = inUse();
    let peakMb = 0;
    const sampler = setInterval(() => {
      peakMb = Math.max(peakMb, inUse() - before);
    }, 5);
    const answers = await Promise.all(
      ["a", "b", "c", "d"].map((code) =>
        prod.post({ query: `{ institution(code: "${code}") { name } }` }, token),
      ),
    );
    clearInterval(sampler);
    for (const res of answers)
      assert.equal(res.body.errors?.[0]?.extensions?.["code"], "UPSTREAM_UNAVAILABLE");
    assert.equal(upstream.received.length, 4, "not retried");
    // Read whole, four answers hold 64 MB of body (twice that as strings).
    t.diagnostic(`heap + buffers peaked ${peakMb.toFixed(1)} MB above the start`);
    assert.ok(peakMb < 40, `heap + buffers peaked ${peakMb.toFixed(1)} MB above the start`);
  });
});

describe("finding 12: deep variables, slow-loris", () => {
  const prod = useProductionServer({ env: { HTTP_HEADERS_TIMEOUT_MS: "1000" } });

  test("100,000-level nested variables: 400 BAD_REQUEST, not a 500", async () => {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const body = `{"query":"mutation($g: ID!, $a: [MfaAnswerInput!]!) { answerMfa(memberGuid: $g, answers: $a) { member { guid } } }","variables":{"g":"MBR-1","a":${deep}}}`;
    const res = await prod.post(body);
    assert.equal(res.status, 400);
    assert.equal(res.body.errors?.[0]?.extensions?.["code"], "BAD_REQUEST");
    assert.doesNotMatch(JSON.stringify(res.body), /stack|RangeError/i);
  });

  test("50 slow-loris sockets are dropped after HTTP_HEADERS_TIMEOUT_MS; a victim is served meanwhile", async () => {
    const port = new URL(prod.server.url).port;
    const closed = new Set<number>();
    const sockets: Socket[] = [];
    const drips: NodeJS.Timeout[] = [];
    for (let i = 0; i < 50; i++) {
      const socket = connect(Number(port), "127.0.0.1");
      socket.on("error", () => undefined);
      socket.on("close", () => closed.add(i));
      socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\n");
      drips.push(setInterval(() => socket.writable && socket.write("X-a: b\r\n"), 200));
      sockets.push(socket);
    }
    try {
      const victim = await prod.post({ query: "{ __typename }" });
      assert.equal(victim.status, 200);
      await waitFor(
        () => closed.size,
        (n) => n === 50,
        { timeoutMs: 8000 },
      );
    } finally {
      for (const drip of drips) clearInterval(drip);
      for (const socket of sockets) socket.destroy();
    }
  });
});
