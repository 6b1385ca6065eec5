// What each successful job reveals: accounts after any success, owners only after identify, account
// numbers after identify or verify, transactions after aggregation or identify with include_transactions.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { atrium, createMember, createUser, memberPath } from "../helpers/sandbox-http.js";
import { setUp, useSandbox } from "../helpers/fixtures.js";

let userGuid: string;

const sandbox = useSandbox({ speed: 20 });
setUp(async () => {
  userGuid = await createUser(sandbox);
});

async function list(memberGuid: string, resource: string, user = userGuid): Promise<unknown[]> {
  const res = await atrium<Record<string, unknown[]>>(
    sandbox,
    "GET",
    memberPath(user, memberGuid, `/${resource}?records_per_page=1000`),
  );
  assert.equal(res.status, 200);
  return res.body[resource] ?? [];
}

async function runJob(memberGuid: string, suffix: string, body?: unknown, rawBody?: string): Promise<void> {
  const res = await atrium(
    sandbox,
    "POST",
    memberPath(userGuid, memberGuid, suffix),
    body,
    rawBody ? { rawBody } : {},
  );
  assert.equal(res.status, 200, res.text);
  sandbox.controls.settle(memberGuid);
}

let counter = 0;
const member = async (password?: string) =>
  (await createMember(sandbox, userGuid, { password: password ?? `pw-${counter++}` })).guid;

void describe("visibility", () => {
  void it("an idle member shows nothing", async () => {
    const guid = await member();
    for (const resource of ["accounts", "transactions", "account_owners", "account_numbers"]) {
      assert.deepEqual(await list(guid, resource), [], resource);
    }
  });

  void it("aggregate reveals accounts and transactions, not owners or account numbers", async () => {
    const guid = await member();
    await runJob(guid, "/aggregate");
    const accounts = await list(guid, "accounts");
    assert.ok(accounts.length >= 2 && accounts.length <= 4);
    assert.ok((await list(guid, "transactions")).length > 0);
    assert.deepEqual(await list(guid, "account_owners"), []);
    assert.deepEqual(await list(guid, "account_numbers"), []);
  });

  void it("identify reveals owners (1–2 per account) and account numbers; what the client reads is what the sandbox holds", async () => {
    const guid = await member();
    await runJob(guid, "/identify");
    const owners = await list(guid, "account_owners");
    const accounts = sandbox.controls.getAccounts(guid);
    assert.deepEqual(owners, sandbox.controls.getAccountOwners(guid));
    for (const account of accounts) {
      const count = sandbox.controls
        .getAccountOwners(guid)
        .filter((o) => o.account_guid === account.guid).length;
      assert.ok(count === 1 || count === 2, `${count}`);
    }
    assert.deepEqual(await list(guid, "account_numbers"), sandbox.controls.getAccountNumbers(guid));
    const deposit = accounts.filter((a) => a.type === "CHECKING" || a.type === "SAVINGS").map((a) => a.guid);
    assert.deepEqual(
      sandbox.controls
        .getAccountNumbers(guid)
        .map((n) => n.account_guid)
        .sort(),
      [...deposit].sort(),
    );
  });

  void it("verify reveals account numbers but not owners", async () => {
    const guid = await member();
    await runJob(guid, "/verify");
    assert.ok((await list(guid, "account_numbers")).length > 0);
    assert.deepEqual(await list(guid, "account_owners"), []);
  });

  for (const [label, body, raw, expected] of [
    ["no body", undefined, undefined, false],
    ["{}", {}, undefined, false],
    ['{"include_transactions": true}', { include_transactions: true }, undefined, true],
    [
      '{"member": {"include_transactions": true}}',
      { member: { include_transactions: true } },
      undefined,
      true,
    ],
    ['{"include_transactions": false}', { include_transactions: false }, undefined, false],
    ["an empty body with a content type", undefined, " ", false],
  ] as const) {
    void it(`identify with ${label} → transactions ${expected ? "visible" : "not visible"}`, async () => {
      const guid = await member();
      await runJob(guid, "/identify", body, raw);
      assert.equal((await list(guid, "transactions")).length > 0, expected);
      assert.ok((await list(guid, "account_owners")).length > 0);
    });
  }

  void it("identify with include_transactions of a wrong type → 422", async () => {
    const guid = await member();
    const res = await atrium(sandbox, "POST", memberPath(userGuid, guid, "/identify"), {
      include_transactions: "yes",
    });
    assert.equal(res.status, 422);
    assert.equal(sandbox.controls.getMember(guid)?.is_being_aggregated, false);
  });

  void it("a failed job reveals nothing new", async () => {
    const guid = await member("UNAUTHORIZED");
    await runJob(guid, "/identify", { include_transactions: true });
    for (const resource of ["accounts", "transactions", "account_owners", "account_numbers"]) {
      assert.deepEqual(await list(guid, resource), [], resource);
    }
  });

  void it("a later failure keeps what earlier successes revealed", async () => {
    const guid = await member();
    await runJob(guid, "/aggregate");
    const accounts = await list(guid, "accounts");
    assert.ok(accounts.length > 0);
    sandbox.controls.setMemberStatus(guid, { connection_status: "CHALLENGED" });
    const [challenge] = (
      await atrium<{ challenges: Array<{ guid: string }> }>(
        sandbox,
        "GET",
        memberPath(userGuid, guid, "/challenges"),
      )
    ).body.challenges;
    await atrium(sandbox, "PUT", memberPath(userGuid, guid, "/resume"), {
      member: { challenges: [{ guid: challenge?.guid, value: "no" }] },
    });
    sandbox.controls.settle(guid);
    assert.equal(sandbox.controls.getMember(guid)?.connection_status, "REJECTED");
    assert.deepEqual(await list(guid, "accounts"), accounts);
    assert.deepEqual(await list(guid, "account_owners"), []);
  });

  void it("account-level account_numbers: the account's numbers; 404 for accounts not visible", async () => {
    const guid = await member();
    const accountsBefore = await atrium(
      sandbox,
      "GET",
      `/users/${userGuid}/accounts/${"ACT-x"}/account_numbers`,
    );
    assert.equal(accountsBefore.status, 404);
    await runJob(guid, "/identify");
    for (const account of sandbox.controls.getAccounts(guid)) {
      const res = await atrium<{ account_numbers: Array<{ account_guid: string }> }>(
        sandbox,
        "GET",
        `/users/${userGuid}/accounts/${account.guid}/account_numbers`,
      );
      assert.equal(res.status, 200);
      const expected = sandbox.controls
        .getAccountNumbers(guid)
        .filter((n) => n.account_guid === account.guid);
      assert.deepEqual(res.body.account_numbers, expected);
    }
    const other = await createUser(sandbox);
    const first = sandbox.controls.getAccounts(guid)[0]?.guid ?? "";
    assert.equal(
      (await atrium(sandbox, "GET", `/users/${other}/accounts/${first}/account_numbers`)).status,
      404,
    );
  });
});

void describe("seeded demo members", () => {
  void it("fourAccounts has exactly 4 accounts and transactions at start; owners only after identify", async () => {
    const demo = sandbox.demo;
    const guid = demo.members.fourAccounts;
    assert.equal((await list(guid, "accounts", demo.userGuid)).length, 4);
    assert.ok((await list(guid, "transactions", demo.userGuid)).length > 0);
    assert.deepEqual(await list(guid, "account_owners", demo.userGuid), []);
    const member = sandbox.controls.getMember(guid);
    assert.deepEqual([member?.connection_status, member?.is_being_aggregated], ["CONNECTED", false]);
  });

  void it("the other demo members are idle, created with skip_aggregation", async () => {
    const { members, userGuid: demoUser } = sandbox.demo;
    for (const name of [
      "noMfa",
      "textMfa",
      "optionsMfa",
      "imageMfa",
      "imageOptionsMfa",
      "tokenMfa",
      "denied",
      "noIdentification",
    ] as const) {
      const m = sandbox.controls.getMember(members[name]);
      assert.deepEqual(
        [m?.connection_status, m?.is_being_aggregated, m?.user_guid],
        ["CREATED", false, demoUser],
        name,
      );
    }
    assert.equal(sandbox.controls.getMember(members.noIdentification)?.institution_code, "mxbank_noid");
    await atrium(sandbox, "POST", memberPath(demoUser, members.denied, "/identify"));
    sandbox.controls.settle(members.denied);
    assert.equal(sandbox.controls.getMember(members.denied)?.connection_status, "DENIED");
  });
});
