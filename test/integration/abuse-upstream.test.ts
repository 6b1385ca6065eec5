/**
 * Issue 15, findings 4 and 8: upstream amplification and hanging upstreams,
 * against production-mode servers on the sandbox. Counts come from the
 * sandbox's call record (arrival and answer times), not from wall-clock bounds.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { startProductionServer, type ProductionServer } from "../helpers/production-server.js";
import { useProductionServer } from "../helpers/fixtures.js";
import { RawGraphqlWs } from "../helpers/raw-ws.js";
import { waitFor } from "../helpers/start-test-server.js";
import { MEMBER_STATUS } from "../helpers/ws-clients.js";
import type { RecordedCall } from "../../src/sandbox/call-recorder.js";
import type { FaultRule, Sandbox } from "../../src/sandbox/sandbox.js";

const INSTITUTION = "/institutions/:institution_code";
const MEMBER = "/users/:user_guid/members/:member_guid";
const OUTSIDER = "USR-99999999-8888-7777-6666-555555555555";

const codeOf = (body: { errors?: Array<{ extensions?: Record<string, unknown> }> }): unknown =>
  body.errors?.[0]?.extensions?.["code"];

const INSTITUTION_READ = { query: `{ institution(code: "mxbank") { name } }` };

/** One query reading each of `guids` as a member of its own (aliased `m0`, `m1`, …). */
const memberReads = (guids: string[]): { query: string } => ({
  query: `{ ${guids.map((g, i) => `m${i}: member(guid: "${g}") { guid }`).join(" ")} }`,
});

/** Runs `body` on a fresh call record with `fault` injected, and clears the faults after. */
async function withFault(sandbox: Sandbox, fault: FaultRule, body: () => Promise<void>): Promise<void> {
  sandbox.calls.reset();
  sandbox.controls.injectFault(fault);
  try {
    await body();
  } finally {
    sandbox.controls.clearFaults();
  }
}

/** `n` institution reads in a row, each answered UPSTREAM_UNAVAILABLE. */
async function unavailableInstitutionReads(prod: ProductionServer, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await prod.post(INSTITUTION_READ);
    assert.equal(codeOf(res.body), "UPSTREAM_UNAVAILABLE");
  }
}

/** Most calls of `calls` in flight at once, from their arrival and answer times. */
function peakInFlight(calls: RecordedCall[]): number {
  const edges = calls.flatMap((c) => [
    { at: c.arrivedAt, step: 1 },
    { at: c.at, step: -1 },
  ]);
  edges.sort((x, y) => x.at - y.at || x.step - y.step);
  let now = 0;
  let peak = 0;
  for (const edge of edges) peak = Math.max(peak, (now += edge.step));
  return peak;
}

describe("finding 8: deadline, circuit breaker, retry budget", () => {
  const prod = useProductionServer({
    env: {
      UPSTREAM_DEADLINE_MS: "1500",
      UPSTREAM_BREAKER_COOLDOWN_MS: "500",
      ATRIUM_MAX_RETRIES: "3",
    },
  });

  test("a hanging upstream holds a request one deadline, one attempt (not 4 × ATRIUM_TIMEOUT_MS)", async () => {
    const sandbox = prod.sandbox!;
    // Its own endpoint: the breaker test below starts from a closed circuit.
    await withFault(sandbox, { kind: "hang", route: MEMBER, times: 10 }, async () => {
      const started = Date.now();
      const res = await prod.post({ query: `{ member(guid: "${sandbox.demo.members.noMfa}") { guid } }` });
      assert.equal(codeOf(res.body), "UPSTREAM_UNAVAILABLE");
      assert.equal(sandbox.calls.count({ route: MEMBER }), 1, "no retry past the deadline");
      assert.ok(Date.now() - started < 10_000, "well inside one ATRIUM_TIMEOUT_MS");
    });
  });

  test("an endpoint failing 5 requests in a row fails fast; other endpoints are unaffected; it recovers", async () => {
    const sandbox = prod.sandbox!;
    await withFault(sandbox, { kind: "503", route: INSTITUTION, times: 1000 }, async () => {
      await unavailableInstitutionReads(prod, 10);
      // Five failed requests (four attempts each) opened the circuit; the other five never left.
      assert.equal(sandbox.calls.count({ route: INSTITUTION }), 20);
      const members = await prod.post({ query: "{ members { guid } }" });
      assert.equal(members.body.errors, undefined, "another endpoint's circuit is closed");
    });
    await waitFor(
      async () => codeOf((await prod.post(INSTITUTION_READ)).body),
      (code) => code === undefined,
      { timeoutMs: 5000, intervalMs: 200 },
    );
  });
});

describe("finding 8: retry budget", () => {
  const prod = useProductionServer({
    env: {
      UPSTREAM_RETRY_BUDGET: "0.1",
      UPSTREAM_RETRY_MIN_PER_SECOND: "0",
      UPSTREAM_BREAKER_FAILURES: "100000",
      ATRIUM_MAX_RETRIES: "3",
    },
  });

  test("against a failing upstream, retries stay within 10 % of requests", async () => {
    const sandbox = prod.sandbox!;
    await withFault(sandbox, { kind: "503", route: INSTITUTION, times: 1000 }, async () => {
      await unavailableInstitutionReads(prod, 30);
      const calls = sandbox.calls.count({ route: INSTITUTION });
      // Without the budget: 30 × 4 = 120 attempts.
      assert.ok(calls >= 30 && calls <= 33, `${calls} attempts for 30 requests`);
    });
  });
});

describe("finding 4: one user cannot take the upstream from another", () => {
  const prod = useProductionServer({
    env: { USER_UPSTREAM_CONCURRENCY: "4", USER_UPSTREAM_RATE: "1000", UPSTREAM_DEADLINE_MS: "30000" },
  });

  test("an attacker's 100 member reads run 4 at a time; a victim's call is not queued behind them", async () => {
    const sandbox = prod.sandbox!;
    const attackerReads = memberReads(Object.values(sandbox.demo.members).slice(0, 10));
    sandbox.calls.reset();
    sandbox.controls.setLatency(200, { route: MEMBER });
    try {
      const attack = Promise.all(Array.from({ length: 10 }, () => prod.post(attackerReads)));
      await waitFor(
        () => sandbox.calls.count({ route: MEMBER }),
        (n) => n >= 8,
      );
      const victimToken = await prod.token(OUTSIDER);
      const victimSent = Date.now();
      const victim = await prod.post(INSTITUTION_READ, victimToken);
      assert.equal(victim.body.errors, undefined);
      const victimCall = sandbox.calls.list({ route: INSTITUTION }).at(-1)!;
      const attackerCalls = sandbox.calls.list({ route: MEMBER, userGuid: sandbox.demo.userGuid });
      const pendingThen = 100 - attackerCalls.filter((c) => c.arrivedAt <= victimCall.arrivedAt).length;
      for (const res of await attack) assert.equal(res.body.errors, undefined);
      assert.equal(peakInFlight(sandbox.calls.list({ route: MEMBER, userGuid: sandbox.demo.userGuid })), 4);
      // The victim's call reached upstream while most of the attacker's still waited their turn.
      assert.ok(pendingThen > 50, `${pendingThen} attacker calls still queued when the victim's went out`);
      assert.ok(victimCall.arrivedAt - victimSent < 1000, "the victim's call left at once");
    } finally {
      sandbox.controls.setLatency(0, { route: MEMBER });
    }
  });

  test("past USER_UPSTREAM_RATE, a user's reads get RATE_LIMITED", async () => {
    const limited = await startProductionServer({
      env: { USER_UPSTREAM_RATE: "1", USER_UPSTREAM_BURST: "5" },
    });
    try {
      const res = await limited.post(memberReads(Object.values(limited.sandbox!.demo.members).slice(0, 10)));
      const codes = (res.body.errors ?? []).map((e) => e.extensions?.["code"]);
      assert.ok(codes.length >= 5 && codes.every((c) => c === "RATE_LIMITED"), JSON.stringify(codes));
      assert.ok(limited.sandbox!.calls.count({ route: MEMBER }) <= 5);
    } finally {
      await limited.close();
    }
  });

  test("subscriptions to members that are not the viewer's cost at most one upstream call each", async () => {
    const sandbox = prod.sandbox!;
    sandbox.calls.reset();
    const token = await prod.token(OUTSIDER);
    const guids = Array.from(
      { length: 50 },
      (_, i) => `MBR-${String(i).padStart(8, "0")}-0000-0000-0000-000000000000`,
    );
    for (let round = 0; round < 2; round++) {
      const ws = new RawGraphqlWs(prod.server.wsUrl);
      await ws.init(token);
      guids.forEach((guid, i) => ws.subscribe(`s${i}`, MEMBER_STATUS, { guid }));
      await waitFor(
        () => ws.ofType("next").length + ws.ofType("error").length,
        (n) => n >= 50,
      );
      ws.close();
    }
    // Two rounds of 50: the second is answered from the remembered 404s.
    const calls = sandbox.calls
      .list()
      .filter((c) => c.memberGuid !== undefined && guids.includes(c.memberGuid));
    assert.ok(calls.length <= 50, `${calls.length} calls`);
  });
});
