// Every status code ATRIUM.md documents, produced the way a partner backend would meet it.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startSandbox } from "../../src/sandbox/sandbox.js";
import {
  atrium,
  createMember,
  createUser,
  MXBANK_LOGIN_GUID,
  MXBANK_PASSWORD_GUID,
  memberPath,
} from "../helpers/sandbox-http.js";
import { useSandbox } from "../helpers/fixtures.js";

const sandbox = useSandbox({ speed: 20 });

async function freshMember(password = "password", institutionCode = "mxbank") {
  const userGuid = await createUser(sandbox);
  const member = await createMember(sandbox, userGuid, { password, institutionCode });
  return {
    userGuid,
    memberGuid: member.guid,
    path: (suffix = "") => memberPath(userGuid, member.guid, suffix),
  };
}

const credentials = (password: string) => [
  { guid: MXBANK_LOGIN_GUID, value: "test_atrium" },
  { guid: MXBANK_PASSWORD_GUID, value: password },
];

void describe("202 and 409: one aggregation-type job at a time", () => {
  void it("identify while identify runs → 202 with the member; also while it waits on MFA", async () => {
    const m = await freshMember("challenge");
    assert.equal((await atrium(sandbox, "POST", m.path("/identify"))).status, 200);
    const again = await atrium<{ member: { guid: string; is_being_aggregated: boolean } }>(
      sandbox,
      "POST",
      m.path("/identify"),
    );
    assert.equal(again.status, 202);
    assert.equal(again.body.member.guid, m.memberGuid);
    sandbox.controls.settle(m.memberGuid);
    assert.equal((await atrium(sandbox, "POST", m.path("/identify"))).status, 202);
  });

  for (const [running, next] of [
    ["/aggregate", "/identify"],
    ["/verify", "/identify"],
    ["/extend_history", "/identify"],
    ["/identify", "/aggregate"],
    ["/identify", "/verify"],
    ["/identify", "/extend_history"],
    ["/aggregate", "/verify"],
  ] as const) {
    void it(`${next} while ${running} runs → 409; ${running} again → 202`, async () => {
      const m = await freshMember();
      assert.equal((await atrium(sandbox, "POST", m.path(running))).status, 200);
      assert.equal((await atrium(sandbox, "POST", m.path(next))).status, 409);
      assert.equal((await atrium(sandbox, "POST", m.path(running))).status, 202);
      sandbox.controls.settle(m.memberGuid);
      assert.equal((await atrium(sandbox, "POST", m.path(next))).status, 200);
    });
  }
});

void describe("400, 403: premium jobs", () => {
  void it("identify at an institution without identification → 400", async () => {
    const m = await freshMember("password", "mxbank_noid");
    assert.equal((await atrium(sandbox, "POST", m.path("/identify"))).status, 400);
    assert.equal((await atrium(sandbox, "POST", m.path("/verify"))).status, 200);
  });

  void it("verify and extend_history at an institution without them → 400", async () => {
    const m = await freshMember("password", "mxbank_basic");
    assert.equal((await atrium(sandbox, "POST", m.path("/verify"))).status, 400);
    assert.equal((await atrium(sandbox, "POST", m.path("/extend_history"))).status, 400);
    assert.equal((await atrium(sandbox, "POST", m.path("/aggregate"))).status, 200);
  });

  void it("identify with identification disabled → 403 (checked before 400), changes nothing", async () => {
    const m = await freshMember();
    sandbox.controls.setIdentificationEnabled(false);
    try {
      assert.equal((await atrium(sandbox, "POST", m.path("/identify"))).status, 403);
      assert.equal(sandbox.controls.getMember(m.memberGuid)?.is_being_aggregated, false);
      const noid = await freshMember("password", "mxbank_noid");
      assert.equal((await atrium(sandbox, "POST", noid.path("/identify"))).status, 403);
    } finally {
      sandbox.controls.setIdentificationEnabled(true);
    }
    assert.equal((await atrium(sandbox, "POST", m.path("/identify"))).status, 200);
  });

  void it("startSandbox({identificationEnabled: false}) answers identify 403", async () => {
    const other = await startSandbox({ identificationEnabled: false, speed: 20 });
    try {
      const res = await atrium(
        other,
        "POST",
        memberPath(other.demo.userGuid, other.demo.members.noMfa, "/identify"),
      );
      assert.equal(res.status, 403);
    } finally {
      await other.close();
    }
  });
});

void describe("401 and 406: headers", () => {
  void it("missing or wrong MX-API-Key / MX-Client-ID → 401; header names are case-insensitive", async () => {
    assert.equal((await atrium(sandbox, "GET", "/institutions", undefined, { noAuth: true })).status, 401);
    const wrongKey = { headers: { "MX-API-Key": "nope" } };
    assert.equal((await atrium(sandbox, "GET", "/institutions", undefined, wrongKey)).status, 401);
    const wrongClient = { headers: { "MX-Client-ID": "nope" } };
    assert.equal((await atrium(sandbox, "GET", "/institutions", undefined, wrongClient)).status, 401);
    const upper = {
      noAuth: true,
      headers: { "MX-API-KEY": sandbox.apiKey, "MX-CLIENT-ID": sandbox.clientId },
    };
    assert.equal((await atrium(sandbox, "GET", "/institutions", undefined, upper)).status, 200);
    assert.equal((await atrium(sandbox, "GET", "/no/such/path", undefined, { noAuth: true })).status, 401);
  });

  void it("Accept naming another version or type → 406; missing, */* or a list with v1 → 200", async () => {
    for (const accept of ["application/vnd.mx.atrium.v2+json", "text/html", "application/json"]) {
      assert.equal(
        (await atrium(sandbox, "GET", "/institutions", undefined, { headers: { Accept: accept } })).status,
        406,
        accept,
      );
    }
    for (const accept of ["*/*", "text/html, application/vnd.mx.atrium.v1+json;q=0.9", ""]) {
      assert.equal(
        (await atrium(sandbox, "GET", "/institutions", undefined, { headers: { Accept: accept } })).status,
        200,
        accept,
      );
    }
  });
});

void describe("404 and 405", () => {
  void it("unknown path, user, member, institution, account → 404", async () => {
    const m = await freshMember();
    for (const path of [
      "/nope",
      "/users/USR-00000000-0000-0000-0000-000000000000",
      `/users/${m.userGuid}/members/MBR-00000000-0000-0000-0000-000000000000`,
      "/institutions/nobank",
      "/institutions/nobank/credentials",
      `/users/${m.userGuid}/accounts/ACT-00000000-0000-0000-0000-000000000000/account_numbers`,
      `/users/${m.userGuid}/members/${m.memberGuid}/unknown`,
    ]) {
      assert.equal((await atrium(sandbox, "GET", path)).status, 404, path);
    }
  });

  void it("a member of another user is 404 on every member endpoint", async () => {
    const owner = await freshMember("challenge");
    await atrium(sandbox, "POST", owner.path("/identify"));
    sandbox.controls.settle(owner.memberGuid);
    const intruder = await createUser(sandbox);
    for (const [method, suffix] of [
      ["GET", ""],
      ["GET", "/status"],
      ["GET", "/challenges"],
      ["PUT", "/resume"],
      ["POST", "/identify"],
      ["POST", "/aggregate"],
      ["POST", "/verify"],
      ["POST", "/extend_history"],
      ["GET", "/accounts"],
      ["GET", "/transactions"],
      ["GET", "/account_numbers"],
      ["GET", "/account_owners"],
    ] as const) {
      const res = await atrium(
        sandbox,
        method,
        memberPath(intruder, owner.memberGuid, suffix),
        method === "PUT" ? { member: { challenges: [] } } : undefined,
      );
      assert.equal(res.status, 404, `${method} ${suffix}`);
    }
    assert.equal(sandbox.controls.getMember(owner.memberGuid)?.connection_status, "CHALLENGED");
  });

  void it("wrong method on a known path → 405 with Allow", async () => {
    const m = await freshMember();
    const res = await atrium(sandbox, "DELETE", m.path());
    assert.equal(res.status, 405);
    assert.equal(res.headers.get("allow"), "GET");
    assert.equal((await atrium(sandbox, "GET", m.path("/identify"))).status, 405);
    assert.equal((await atrium(sandbox, "POST", m.path("/resume"))).status, 405);
  });

  void it("a 26th member → 405", async () => {
    const userGuid = await createUser(sandbox);
    for (let i = 0; i < 25; i++) await createMember(sandbox, userGuid, { password: `pw-${i}` });
    const res = await atrium(sandbox, "POST", `/users/${userGuid}/members`, {
      member: { institution_code: "mxbank", credentials: credentials("pw-26"), skip_aggregation: true },
    });
    assert.equal(res.status, 405);
  });
});

void describe("409 duplicates, 400/422 bodies, 413", () => {
  void it("same credentials at the same institution for the same user → 409; other user or institution → 200", async () => {
    const userGuid = await createUser(sandbox);
    const body = {
      member: { institution_code: "mxbank", credentials: credentials("dup"), skip_aggregation: true },
    };
    assert.equal((await atrium(sandbox, "POST", `/users/${userGuid}/members`, body)).status, 200);
    assert.equal((await atrium(sandbox, "POST", `/users/${userGuid}/members`, body)).status, 409);
    assert.equal(
      (await atrium(sandbox, "POST", `/users/${await createUser(sandbox)}/members`, body)).status,
      200,
    );
  });

  void it("a second user with the same identifier → 409", async () => {
    assert.equal((await atrium(sandbox, "POST", "/users", { user: { identifier: "twice" } })).status, 200);
    assert.equal((await atrium(sandbox, "POST", "/users", { user: { identifier: "twice" } })).status, 409);
  });

  void it("create member: missing fields 400, unusable values 422", async () => {
    const path = `/users/${await createUser(sandbox)}/members`;
    const cases: Array<[unknown, number]> = [
      [{ member: { credentials: credentials("a") } }, 400],
      [{ member: { institution_code: "mxbank" } }, 400],
      [{ member: { institution_code: "mxbank", credentials: [credentials("a")[0]] } }, 400],
      [{}, 400],
      [{ member: { institution_code: "nobank", credentials: credentials("a") } }, 422],
      [{ member: { institution_code: 7, credentials: credentials("a") } }, 422],
      [{ member: { institution_code: "mxbank", credentials: "test_atrium" } }, 422],
      [{ member: { institution_code: "mxbank", credentials: [{ guid: "CRD-x", value: "a" }] } }, 422],
      [
        { member: { institution_code: "mxbank", credentials: credentials("a"), skip_aggregation: "yes" } },
        422,
      ],
      [{ member: "mxbank" }, 422],
      [[1, 2], 422],
    ];
    for (const [body, status] of cases)
      assert.equal((await atrium(sandbox, "POST", path, body)).status, status, JSON.stringify(body));
    assert.equal((await atrium(sandbox, "GET", path.replace("/members", "") + "/members")).status, 200);
  });

  void it("create user: wrong types 422, missing user 400", async () => {
    assert.equal((await atrium(sandbox, "POST", "/users", { user: { identifier: 5 } })).status, 422);
    assert.equal((await atrium(sandbox, "POST", "/users", { user: { is_disabled: "no" } })).status, 422);
    assert.equal((await atrium(sandbox, "POST", "/users", {})).status, 400);
  });

  void it("a body over 1 MB → 413", async () => {
    const res = await atrium(sandbox, "POST", "/users", undefined, {
      rawBody: `{"user": {"metadata": "${"x".repeat(1_100_000)}"}}`,
    });
    assert.equal(res.status, 413);
    assert.equal((await atrium(sandbox, "GET", "/institutions")).status, 200);
  });
});
