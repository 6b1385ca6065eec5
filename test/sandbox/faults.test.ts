// Fault injection and latency: every fault kind answers as documented, faulted requests change no
// state, rules match by method/route/member and run out, random faults follow the rate.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startSandbox, type FaultKind, type WireMember } from "../../src/sandbox/sandbox.js";
import { atrium, partnerHeaders, createMember, createUser, memberPath } from "../helpers/sandbox-http.js";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";
import { setUp, useSandbox } from "../helpers/fixtures.js";

let userGuid: string;

const sandbox = useSandbox({ speed: 20, hangMs: 150 });
setUp(async () => {
  userGuid = await createUser(sandbox);
});

const IDENTIFY = UPSTREAM_ROUTES.identify;
const RESUME = UPSTREAM_ROUTES.resume;
const STATUS = UPSTREAM_ROUTES.status;
let counter = 0;
const newMember = async (password?: string) =>
  (await createMember(sandbox, userGuid, { password: password ?? `f-${counter++}` })).guid;

void describe("fault kinds", () => {
  const expectations: Array<[FaultKind, number, (res: { text: string; headers: Headers }) => void]> = [
    ["500", 500, (r) => assert.match(r.text, /"error":\{"message"/)],
    ["502", 502, (r) => assert.match(r.text, /"error"/)],
    ["503", 503, (r) => assert.match(r.text, /"error"/)],
    ["429", 429, (r) => assert.equal(r.headers.get("retry-after"), "1")],
    [
      "malformed",
      200,
      (r) => {
        assert.equal(r.headers.get("content-type"), "application/vnd.mx.atrium.v1+json; charset=utf-8");
        assert.throws(() => JSON.parse(r.text) as unknown);
        assert.ok(r.text.startsWith('{"member": '));
      },
    ],
    ["missing-fields", 200, (r) => assert.deepEqual(JSON.parse(r.text), { member: { guid: null } })],
    [
      "html",
      502,
      (r) => {
        assert.match(r.headers.get("content-type") ?? "", /^text\/html/);
        assert.match(r.text, /^<html>/);
      },
    ],
    ["empty", 500, (r) => assert.equal(r.text, "")],
  ];
  for (const [kind, status, check] of expectations) {
    void it(`${kind} → ${status}`, async () => {
      const guid = await newMember();
      sandbox.controls.injectFault({ kind, route: UPSTREAM_ROUTES.member });
      const res = await atrium(sandbox, "GET", memberPath(userGuid, guid));
      assert.equal(res.status, status);
      assert.ok(res.headers.get("x-request-id"));
      check(res);
      assert.equal((await atrium(sandbox, "GET", memberPath(userGuid, guid))).status, 200);
    });
  }

  void it("429 carries the rule's Retry-After; list routes get list-shaped broken bodies", async () => {
    sandbox.controls.injectFault({ kind: "429", route: "/institutions", retryAfterSeconds: 7 });
    assert.equal((await atrium(sandbox, "GET", "/institutions")).headers.get("retry-after"), "7");
    sandbox.controls.injectFault({ kind: "missing-fields", route: "/institutions" });
    assert.deepEqual((await atrium(sandbox, "GET", "/institutions")).body, {
      institutions: [{ guid: null }],
    });
  });

  void it("hang: no answer, the socket closes after hangMs, the sandbox keeps serving", async () => {
    sandbox.controls.injectFault({ kind: "hang", route: "/institutions" });
    const started = Date.now();
    await assert.rejects(fetch(`${sandbox.url}/institutions`, { headers: partnerHeaders(sandbox) }));
    assert.ok(Date.now() - started >= 140, `${Date.now() - started} ms`);
    assert.equal((await atrium(sandbox, "GET", "/institutions")).status, 200);
  });
});

void describe("faulted requests change no state", () => {
  void it("a 503 on identify leaves the member untouched; the next identify works", async () => {
    const guid = await newMember();
    const before = sandbox.controls.getMember(guid);
    sandbox.controls.injectFault({ kind: "503", route: IDENTIFY, memberGuid: guid });
    assert.equal((await atrium(sandbox, "POST", memberPath(userGuid, guid, "/identify"))).status, 503);
    assert.deepEqual(sandbox.controls.getMember(guid), before);
    const ok = await atrium<{ member: WireMember }>(sandbox, "POST", memberPath(userGuid, guid, "/identify"));
    assert.equal(ok.status, 200);
    assert.equal(ok.body.member.status, "INITIATED");
  });

  void it("a hang on resume leaves the member CHALLENGED with the same challenge; the next resume works", async () => {
    const guid = await newMember("challenge");
    await atrium(sandbox, "POST", memberPath(userGuid, guid, "/identify"));
    sandbox.controls.settle(guid);
    const before = await atrium(sandbox, "GET", memberPath(userGuid, guid, "/status"));
    const challenge = (before.body as { member: { challenges: Array<{ guid: string }> } }).member
      .challenges[0];
    const answer = { member: { challenges: [{ guid: challenge?.guid, value: "correct" }] } };
    sandbox.controls.injectFault({ kind: "hang", method: "PUT", route: RESUME });
    await assert.rejects(atrium(sandbox, "PUT", memberPath(userGuid, guid, "/resume"), answer));
    assert.deepEqual((await atrium(sandbox, "GET", memberPath(userGuid, guid, "/status"))).body, before.body);
    const resumed = await atrium<{ member: WireMember }>(
      sandbox,
      "PUT",
      memberPath(userGuid, guid, "/resume"),
      answer,
    );
    assert.equal(resumed.body.member.connection_status, "RESUMED");
  });

  void it("malformed on member creation creates no member", async () => {
    const user = await createUser(sandbox);
    sandbox.controls.injectFault({ kind: "malformed", method: "POST", route: UPSTREAM_ROUTES.members });
    await assert.rejects(createMember(sandbox, user, { password: "x" }));
    const list = await atrium<{ members: unknown[] }>(sandbox, "GET", `/users/${user}/members`);
    assert.deepEqual(list.body.members, []);
  });
});

void describe("rules and rates", () => {
  void it("times, method and member filters; clearFaults", async () => {
    const a = await newMember();
    const b = await newMember();
    sandbox.controls.injectFault({ kind: "500", route: STATUS, memberGuid: a, times: 2 });
    assert.equal((await atrium(sandbox, "GET", memberPath(userGuid, b, "/status"))).status, 200);
    assert.equal((await atrium(sandbox, "GET", memberPath(userGuid, a, "/status"))).status, 500);
    assert.equal((await atrium(sandbox, "GET", memberPath(userGuid, a, "/status"))).status, 500);
    assert.equal((await atrium(sandbox, "GET", memberPath(userGuid, a, "/status"))).status, 200);
    sandbox.controls.injectFault({ kind: "503", method: "POST", times: 5 });
    assert.equal((await atrium(sandbox, "GET", memberPath(userGuid, a))).status, 200);
    sandbox.controls.clearFaults();
    assert.equal((await atrium(sandbox, "POST", memberPath(userGuid, a, "/aggregate"))).status, 200);
  });

  void it("rejects bad rules", () => {
    assert.throws(() => sandbox.controls.injectFault({ kind: "418" as FaultKind }), TypeError);
    assert.throws(() => sandbox.controls.injectFault({ kind: "500", times: 0 }), RangeError);
    assert.throws(() => sandbox.controls.setFaultRate(1.5), RangeError);
    assert.throws(() => sandbox.controls.setLatency(-1), RangeError);
    assert.throws(() => sandbox.controls.setSpeed(0), RangeError);
  });

  void it("faultRate 1 fails every API request with 500/503/429/hang and changes nothing; control routes are spared", async () => {
    const before = await atrium<{ users: unknown[] }>(sandbox, "GET", "/users?records_per_page=1000");
    sandbox.controls.setFaultRate(1);
    try {
      const statuses = new Set<number | string>();
      for (let i = 0; i < 40; i++) {
        const res = await atrium(sandbox, "POST", "/users", { user: {} }).catch(() => undefined);
        statuses.add(res?.status ?? "hang");
        if (res) assert.ok([500, 503, 429].includes(res.status));
      }
      assert.ok(statuses.size >= 3, [...statuses].join());
      const demo = await fetch(`${sandbox.url}/_sandbox/demo`, { headers: partnerHeaders(sandbox) });
      assert.equal(demo.status, 200);
    } finally {
      sandbox.controls.setFaultRate(0);
    }
    const after = await atrium<{ users: unknown[] }>(sandbox, "GET", "/users?records_per_page=1000");
    assert.equal(after.body.users.length, before.body.users.length);
  });

  void it("faultRate fails about that share, using the given random source", async () => {
    let state = 42;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const other = await startSandbox({ faultRate: 0.3, random, hangMs: 20 });
    try {
      let failed = 0;
      for (let i = 0; i < 100; i++) {
        const res = await atrium(other, "GET", "/institutions").catch(() => undefined);
        if (res?.status !== 200) failed++;
      }
      assert.ok(failed >= 15 && failed <= 45, `${failed}`);
      assert.equal(other.calls.count({ faulted: true }), failed);
    } finally {
      await other.close();
    }
  });
});

void describe("latency", () => {
  void it("global latency delays API answers, not control routes; a route can be made slower alone", async () => {
    const timed = async (path: string) => {
      const started = Date.now();
      await fetch(`${sandbox.url}${path}`, { headers: partnerHeaders(sandbox) });
      return Date.now() - started;
    };
    const statusPath = memberPath(sandbox.demo.userGuid, sandbox.demo.members.noMfa, "/status");
    sandbox.controls.setLatency(120);
    try {
      assert.ok((await timed("/institutions")) >= 110);
      assert.ok((await timed("/_sandbox/demo")) < 100);
      sandbox.controls.setLatency(0);
      sandbox.controls.setLatency(200, { route: STATUS });
      assert.ok((await timed(statusPath)) >= 190);
      assert.ok((await timed("/institutions")) < 100);
    } finally {
      sandbox.controls.setLatency(0);
      sandbox.controls.setLatency(0, { route: STATUS });
    }
  });

  void it("latencyMs option applies to every answer, errors included", async () => {
    const other = await startSandbox({ latencyMs: 80 });
    try {
      const started = Date.now();
      assert.equal((await atrium(other, "GET", "/nope")).status, 404);
      assert.ok(Date.now() - started >= 75);
    } finally {
      await other.close();
    }
  });
});
