// The control API, in process and over HTTP under /_sandbox (as `npm run sandbox` users drive it).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { WireMemberStatus } from "../../src/sandbox/sandbox.js";
import {
  atrium,
  createMember,
  createUser,
  memberPath,
  partnerHeaders,
  readStatus,
} from "../helpers/sandbox-http.js";
import { useSandbox } from "../helpers/fixtures.js";

// speed 0.01: a step takes 30–80 s, so nothing moves unless a test advances it.
const sandbox = useSandbox({ speed: 0.01 });

async function control<T = Record<string, unknown>>(method: string, path: string, body?: unknown) {
  const res = await fetch(`${sandbox.url}/_sandbox${path}`, {
    method,
    headers: { ...partnerHeaders(sandbox), "Content-Type": "application/json" },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

void describe("in-process controls", () => {
  void it("advance fires one step at a time; settle runs to the pause or the end", async () => {
    const userGuid = await createUser(sandbox);
    const member = await createMember(sandbox, userGuid, { password: "challenge" });
    await atrium(sandbox, "POST", memberPath(userGuid, member.guid, "/identify"));
    assert.equal((await readStatus(sandbox, userGuid, member.guid)).status, "INITIATED");
    sandbox.controls.advance(member.guid);
    assert.equal((await readStatus(sandbox, userGuid, member.guid)).status, "REQUESTED");
    sandbox.controls.settle(member.guid);
    assert.equal((await readStatus(sandbox, userGuid, member.guid)).status, "CHALLENGED");
    sandbox.controls.settle(member.guid);
    assert.equal((await readStatus(sandbox, userGuid, member.guid)).status, "CHALLENGED");
  });

  void it("setMemberStatus forces fields and cancels the running job", async () => {
    const userGuid = await createUser(sandbox);
    const member = await createMember(sandbox, userGuid, { password: "password" });
    await atrium(sandbox, "POST", memberPath(userGuid, member.guid, "/identify"));
    sandbox.controls.setMemberStatus(member.guid, {
      connection_status: "DEGRADED",
      is_being_aggregated: false,
      status: "FAILED",
    });
    sandbox.controls.settle(member.guid);
    const status = await readStatus(sandbox, userGuid, member.guid);
    assert.deepEqual(
      [status.connection_status, status.status, status.is_being_aggregated],
      ["DEGRADED", "FAILED", false],
    );
    assert.equal((await atrium(sandbox, "POST", memberPath(userGuid, member.guid, "/identify"))).status, 200);
  });

  void it("setMemberStatus can hold a member aggregating forever (no job to end it)", async () => {
    const userGuid = await createUser(sandbox);
    const member = await createMember(sandbox, userGuid, { password: "password" });
    sandbox.controls.setMemberStatus(member.guid, {
      connection_status: "CONNECTED",
      is_being_aggregated: true,
    });
    sandbox.controls.settle(member.guid);
    assert.equal((await readStatus(sandbox, userGuid, member.guid)).is_being_aggregated, true);
  });

  void it("unknown members and statuses are refused; getters answer undefined / []", () => {
    assert.throws(() => sandbox.controls.advance("MBR-nope"), /unknown member/);
    assert.throws(
      () => sandbox.controls.setMemberStatus(sandbox.demo.members.noMfa, { connection_status: "HAPPY" }),
      RangeError,
    );
    assert.equal(sandbox.controls.getMember("MBR-nope"), undefined);
    assert.deepEqual(sandbox.controls.getTransactions("MBR-nope"), []);
  });

  void it("setSpeed applies to the next steps", async () => {
    const userGuid = await createUser(sandbox);
    const member = await createMember(sandbox, userGuid, { password: "password" });
    sandbox.controls.setSpeed(50);
    try {
      await atrium(sandbox, "POST", memberPath(userGuid, member.guid, "/aggregate"));
      const deadline = Date.now() + 3000;
      while (
        (await readStatus(sandbox, userGuid, member.guid)).is_being_aggregated &&
        Date.now() < deadline
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal((await readStatus(sandbox, userGuid, member.guid)).connection_status, "CONNECTED");
    } finally {
      sandbox.controls.setSpeed(0.01);
    }
  });
});

void describe("control routes over HTTP", () => {
  void it("need the API key headers", async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/demo`);
    assert.equal(res.status, 401);
  });

  void it("GET /_sandbox/demo answers the demo data", async () => {
    const res = await control<{ demo: typeof sandbox.demo }>("GET", "/demo");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.demo, sandbox.demo);
  });

  void it("drive an MFA identify: settle, inspect, force status", async () => {
    const { userGuid, members } = sandbox.demo;
    await atrium(sandbox, "POST", memberPath(userGuid, members.imageMfa, "/identify"));
    const settled = await control<{ member: WireMemberStatus }>(
      "POST",
      `/members/${members.imageMfa}/settle`,
    );
    assert.equal(settled.body.member.connection_status, "CHALLENGED");
    const advanced = await control<{ member: WireMemberStatus }>(
      "POST",
      `/members/${members.imageMfa}/advance`,
    );
    assert.equal(advanced.body.member.connection_status, "EXPIRED");
    const snapshot = await control<Record<string, unknown>>("GET", `/members/${members.fourAccounts}`);
    assert.deepEqual(Object.keys(snapshot.body).sort(), [
      "account_numbers",
      "account_owners",
      "accounts",
      "member",
      "status",
      "transactions",
    ]);
    const forced = await control<{ member: { connection_status: string } }>(
      "PUT",
      `/members/${members.noMfa}/status`,
      {
        connection_status: "LOCKED",
        is_being_aggregated: false,
      },
    );
    assert.equal(forced.body.member.connection_status, "LOCKED");
    assert.equal(
      (await control("PUT", `/members/${members.noMfa}/status`, { connection_status: "NOPE" })).status,
      422,
    );
    assert.equal((await control("POST", "/members/MBR-nope/advance")).status, 404);
  });

  void it("faults, fault rate, latency, identification, speed, calls", async () => {
    assert.equal(
      (await control("POST", "/faults", { kind: "503", route: "/institutions", times: 1 })).status,
      204,
    );
    assert.equal((await atrium(sandbox, "GET", "/institutions")).status, 503);
    assert.equal((await control("POST", "/faults", { kind: "teapot" })).status, 422);
    assert.equal((await control("POST", "/faults", {})).status, 400);
    assert.equal((await control("POST", "/faults", { kind: "500" })).status, 204);
    assert.equal((await control("DELETE", "/faults")).status, 204);
    assert.equal((await atrium(sandbox, "GET", "/institutions")).status, 200);
    assert.equal((await control("PUT", "/fault_rate", { rate: 2 })).status, 422);
    assert.equal((await control("PUT", "/fault_rate", { rate: 0 })).status, 204);
    assert.equal((await control("PUT", "/latency", { ms: 0, route: "/institutions" })).status, 204);
    assert.equal((await control("PUT", "/identification", { enabled: false })).status, 204);
    const { userGuid, members } = sandbox.demo;
    assert.equal(
      (await atrium(sandbox, "POST", memberPath(userGuid, members.optionsMfa, "/identify"))).status,
      403,
    );
    assert.equal((await control("PUT", "/identification", { enabled: true })).status, 204);
    assert.equal((await control("PUT", "/speed", { speed: 0.01 })).status, 204);
    assert.equal((await control("PUT", "/speed", { speed: "fast" })).status, 422);
    const calls = await control<{ count: number; calls: Array<{ route: string }> }>(
      "GET",
      `/calls?route=${encodeURIComponent("/institutions")}`,
    );
    assert.equal(calls.body.count, calls.body.calls.length);
    assert.ok(calls.body.count >= 2);
    assert.equal((await control("DELETE", "/calls")).status, 204);
    assert.equal(sandbox.calls.count(), 0);
    assert.equal((await control("GET", "/nope")).status, 404);
    assert.equal((await control("PUT", "/demo")).status, 405);
  });
});
