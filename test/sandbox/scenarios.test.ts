// Every MX Bank password of ATRIUM.md's table reaches its listed status, through the partner flow
// (create user → credentials → member with skip_aggregation → identify → poll) and through every job type.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startSandbox, type WireMember } from "../../src/sandbox/sandbox.js";
import {
  atrium,
  createMember,
  createUser,
  memberPath,
  MXBANK_LOGIN_GUID,
  MXBANK_PASSWORD_GUID,
  pollStatus,
  readStatus,
} from "../helpers/sandbox-http.js";
import { setUp, useSandbox } from "../helpers/fixtures.js";

let userGuid: string;

const sandbox = useSandbox({ speed: 20 });
setUp(async () => {
  userGuid = await createUser(sandbox);
});

async function identifyAndSettle(password: string, username?: string): Promise<string> {
  const member = await createMember(sandbox, userGuid, { password, ...(username ? { username } : {}) });
  const res = await atrium<{ member: WireMember }>(
    sandbox,
    "POST",
    memberPath(userGuid, member.guid, "/identify"),
  );
  assert.equal(res.status, 200);
  assert.equal(res.body.member.status, "INITIATED");
  assert.equal(res.body.member.is_being_aggregated, true);
  sandbox.controls.settle(member.guid);
  return member.guid;
}

const FINAL_OUTCOMES: Array<{ password: string; connection: string; status: string }> = [
  { password: "password", connection: "CONNECTED", status: "COMPLETED" },
  { password: "any other value", connection: "CONNECTED", status: "COMPLETED" },
  { password: "BAD_REQUEST", connection: "FAILED", status: "HALTED" },
  { password: "UNAUTHORIZED", connection: "DENIED", status: "DENIED" },
  { password: "INVALID", connection: "DENIED", status: "DENIED" },
  { password: "LOCKED", connection: "LOCKED", status: "LOCKED" },
  { password: "DISABLED", connection: "DISABLED", status: "DISABLED" },
  { password: "SERVER_ERROR", connection: "FAILED", status: "FAILED" },
  { password: "UNAVAILABLE", connection: "DEGRADED", status: "HALTED" },
  { password: "IMPEDED", connection: "IMPEDED", status: "IMPEDED" },
];

void describe("MX Bank passwords", () => {
  for (const outcome of FINAL_OUTCOMES) {
    void it(`"${outcome.password}" ends ${outcome.connection} with is_being_aggregated false`, async () => {
      const guid = await identifyAndSettle(outcome.password);
      const status = await readStatus(sandbox, userGuid, guid);
      assert.equal(status.connection_status, outcome.connection);
      assert.equal(status.status, outcome.status);
      assert.equal(status.is_being_aggregated, false);
      assert.equal("challenges" in status, false);
    });
  }

  for (const [password, type] of [
    ["challenge", "TEXT"],
    ["options", "OPTIONS"],
    ["image", "IMAGE_DATA"],
    ["image_options", "IMAGE_OPTIONS"],
    ["token", "TOKEN"],
  ] as const) {
    void it(`"${password}" pauses CHALLENGED with a ${type} challenge, still aggregating`, async () => {
      const guid = await identifyAndSettle(password);
      const status = await readStatus(sandbox, userGuid, guid);
      assert.equal(status.connection_status, "CHALLENGED");
      assert.equal(status.status, "CHALLENGED");
      assert.equal(status.is_being_aggregated, true);
      assert.equal(status.challenges?.length, 1);
      assert.equal(status.challenges[0]?.type, type);
      assert.match(
        status.challenges[0]?.guid ?? "",
        /^CRD-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    });
  }

  void it('"EXPIRED" is CHALLENGED first, then EXPIRED after a short wait', async () => {
    const guid = await identifyAndSettle("EXPIRED");
    assert.equal((await readStatus(sandbox, userGuid, guid)).connection_status, "CHALLENGED");
    const readings = await pollStatus(sandbox, userGuid, guid, (s) => !s.is_being_aggregated);
    const last = readings.at(-1);
    assert.equal(last?.connection_status, "EXPIRED");
    assert.equal(last?.status, "EXPIRED");
  });

  void it("passwords are case-sensitive: Challenge is an ordinary password", async () => {
    const guid = await identifyAndSettle("Challenge");
    assert.equal((await readStatus(sandbox, userGuid, guid)).connection_status, "CONNECTED");
  });

  void it("accepts both usernames, test_atrium and mxuser; any other username is DENIED", async () => {
    assert.equal(
      (await readStatus(sandbox, userGuid, await identifyAndSettle("pw1", "mxuser"))).connection_status,
      "CONNECTED",
    );
    const other = await identifyAndSettle("password", "someone_else");
    assert.equal((await readStatus(sandbox, userGuid, other)).connection_status, "DENIED");
  });
});

void describe("jobs run by themselves on timers", () => {
  void it("identify walks INITIATED → … → CONNECTED/COMPLETED without controls", async () => {
    const member = await createMember(sandbox, userGuid, { password: "timer-run" });
    await atrium(sandbox, "POST", memberPath(userGuid, member.guid, "/identify"));
    const readings = await pollStatus(sandbox, userGuid, member.guid);
    const statuses = [...new Set(readings.map((r) => r.status))];
    assert.equal(statuses.at(-1), "COMPLETED");
    assert.ok(readings.every((r, i) => i === readings.length - 1 || r.is_being_aggregated));
    const last = readings.at(-1);
    assert.equal(last?.connection_status, "CONNECTED");
    assert.equal(last?.is_authenticated, true);
    assert.equal(last?.has_processed_accounts, true);
    assert.ok(last?.successfully_aggregated_at);
  });

  void it("creating a member without skip_aggregation starts an aggregation (CREATED + INITIATED)", async () => {
    const member = await createMember(sandbox, userGuid, { password: "no-skip", skipAggregation: false });
    assert.equal(member.connection_status, "CREATED");
    assert.equal(member.status, "INITIATED");
    assert.equal(member.is_being_aggregated, true);
    const readings = await pollStatus(sandbox, userGuid, member.guid);
    assert.equal(readings.at(-1)?.connection_status, "CONNECTED");
  });

  void it("a member created with skip_aggregation stays idle: CREATED, not aggregating, no job status", async () => {
    const member = await createMember(sandbox, userGuid, { password: "idle" });
    assert.deepEqual(
      [member.connection_status, member.is_being_aggregated, member.status, member.aggregated_at],
      ["CREATED", false, null, null],
    );
    sandbox.controls.settle(member.guid);
    assert.equal((await readStatus(sandbox, userGuid, member.guid)).connection_status, "CREATED");
  });
  void it("skip_aggregation is also read beside member", async () => {
    const res = await atrium<{ member: WireMember }>(sandbox, "POST", `/users/${userGuid}/members`, {
      member: {
        institution_code: "mxbank",
        credentials: [
          { guid: MXBANK_LOGIN_GUID, value: "test_atrium" },
          { guid: MXBANK_PASSWORD_GUID, value: "beside" },
        ],
      },
      skip_aggregation: true,
    });
    assert.equal(res.status, 200);
    assert.deepEqual(
      [res.body.member.connection_status, res.body.member.is_being_aggregated],
      ["CREATED", false],
    );
  });

  void it("seed: false starts without demo data", async () => {
    const bare = await startSandbox({ seed: false });
    try {
      assert.equal(bare.demo.userGuid, "");
      const users = await atrium<{ users: unknown[] }>(bare, "GET", "/users");
      assert.deepEqual(users.body.users, []);
    } finally {
      await bare.close();
    }
  });
});

void describe("every job type goes through the same credential outcome", () => {
  for (const [path, type] of [
    ["/aggregate", "aggregate"],
    ["/identify", "identify"],
    ["/verify", "verify"],
    ["/extend_history", "extend_history"],
    ["", "creation"],
  ] as const) {
    void it(`${type}: challenge → CHALLENGED, UNAUTHORIZED → DENIED`, async () => {
      const userGuid = await createUser(sandbox);
      for (const [password, expected] of [
        ["challenge", "CHALLENGED"],
        ["UNAUTHORIZED", "DENIED"],
      ] as const) {
        const member = await createMember(sandbox, userGuid, { password, skipAggregation: path !== "" });
        if (path !== "")
          assert.equal((await atrium(sandbox, "POST", memberPath(userGuid, member.guid, path))).status, 200);
        sandbox.controls.settle(member.guid);
        assert.equal((await readStatus(sandbox, userGuid, member.guid)).connection_status, expected);
      }
    });
  }
});
