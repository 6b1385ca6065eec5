// Exact JSON key sets of every resource, compared with ATRIUM.md's lists (and, for accounts and
// transactions, whose ATRIUM.md lists end in "…", with the docs samples of atrium-evidence.md §7).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  atrium,
  createUser,
  memberPath,
  MXBANK_LOGIN_GUID,
  MXBANK_PASSWORD_GUID,
} from "../helpers/sandbox-http.js";
import {
  ACCOUNT,
  ACCOUNT_NUMBER,
  CHALLENGE,
  CREDENTIAL,
  INSTITUTION,
  MEMBER,
  OWNER,
  PAGINATION,
  STATUS,
  TRANSACTION,
} from "./atrium-key-sets.js";
import { setUp, useSandbox } from "../helpers/fixtures.js";

let user: string;

const sandbox = useSandbox({ speed: 20 });
setUp(() => {
  user = sandbox.demo.userGuid;
});

const keys = (value: unknown): string[] => Object.keys(value as object).sort();
const sorted = (list: string[]): string[] => [...list].sort();

void describe("resource key sets", () => {
  void it("user", async () => {
    const res = await atrium<{ user: unknown }>(sandbox, "POST", "/users", {
      user: { identifier: "shape-user", metadata: "{}" },
    });
    assert.deepEqual(keys(res.body), ["user"]);
    assert.deepEqual(keys(res.body.user), ["guid", "identifier", "is_disabled", "metadata"]);
  });

  void it("member (read, list, create) and pagination", async () => {
    const read = await atrium<{ member: unknown }>(
      sandbox,
      "GET",
      memberPath(user, sandbox.demo.members.noMfa),
    );
    assert.deepEqual(keys(read.body.member), sorted(MEMBER));
    const list = await atrium<{ members: unknown[]; pagination: unknown }>(
      sandbox,
      "GET",
      `/users/${user}/members`,
    );
    assert.deepEqual(keys(list.body), ["members", "pagination"]);
    assert.deepEqual(keys(list.body.members[0]), sorted(MEMBER));
    assert.deepEqual(keys(list.body.pagination), PAGINATION);
  });

  void it("status without challenges; with challenges only when CHALLENGED", async () => {
    const idle = await atrium<{ member: unknown }>(
      sandbox,
      "GET",
      memberPath(user, sandbox.demo.members.textMfa, "/status"),
    );
    assert.deepEqual(keys(idle.body.member), sorted(STATUS));
    await atrium(sandbox, "POST", memberPath(user, sandbox.demo.members.textMfa, "/identify"));
    sandbox.controls.settle(sandbox.demo.members.textMfa);
    const challenged = await atrium<{ member: { challenges: unknown[] } }>(
      sandbox,
      "GET",
      memberPath(user, sandbox.demo.members.textMfa, "/status"),
    );
    assert.deepEqual(keys(challenged.body.member), sorted([...STATUS, "challenges"]));
    assert.deepEqual(keys(challenged.body.member.challenges[0]), CHALLENGE);
  });

  void it("challenge per type: TEXT plain, OPTIONS with options {label, value}, IMAGE_DATA with image_data", async () => {
    for (const [name, extra] of [
      ["optionsMfa", "options"],
      ["imageMfa", "image_data"],
    ] as const) {
      const guid = sandbox.demo.members[name];
      await atrium(sandbox, "POST", memberPath(user, guid, "/aggregate"));
      sandbox.controls.settle(guid);
      const res = await atrium<{ challenges: Array<{ options?: unknown[] }> }>(
        sandbox,
        "GET",
        memberPath(user, guid, "/challenges"),
      );
      assert.deepEqual(keys(res.body), ["challenges"]);
      const challenge = res.body.challenges[0];
      assert.deepEqual(keys(challenge), sorted([...CHALLENGE, extra]));
      if (extra === "options") assert.deepEqual(keys(challenge?.options?.[0]), ["label", "value"]);
    }
  });

  void it("institution, institution list and credentials", async () => {
    const one = await atrium<{ institution: unknown }>(sandbox, "GET", "/institutions/mxbank");
    assert.deepEqual(keys(one.body.institution), INSTITUTION);
    const list = await atrium<{ institutions: unknown[] }>(sandbox, "GET", "/institutions");
    assert.deepEqual(keys(list.body), ["institutions", "pagination"]);
    assert.deepEqual(keys(list.body.institutions[0]), INSTITUTION);
    const creds = await atrium<{ credentials: unknown[] }>(
      sandbox,
      "GET",
      "/institutions/mxbank/credentials",
    );
    assert.deepEqual(keys(creds.body), ["credentials"]);
    assert.deepEqual(keys(creds.body.credentials[0]), CREDENTIAL);
  });

  void it("MX Bank is as documented (name, url, credential guids)", async () => {
    const one = await atrium<{ institution: { name: string; url: string } }>(
      sandbox,
      "GET",
      "/institutions/mxbank",
    );
    assert.equal(one.body.institution.name, "MX Bank");
    assert.equal(one.body.institution.url, "https://www.mx.com");
    const creds = await atrium<{ credentials: Array<{ guid: string }> }>(
      sandbox,
      "GET",
      "/institutions/mxbank/credentials",
    );
    assert.deepEqual(
      creds.body.credentials.map((c) => c.guid),
      [MXBANK_LOGIN_GUID, MXBANK_PASSWORD_GUID],
    );
  });

  void it("account, transaction, owner and account number", async () => {
    const guid = sandbox.demo.members.fourAccounts;
    const accounts = await atrium<{ accounts: unknown[] }>(
      sandbox,
      "GET",
      memberPath(user, guid, "/accounts"),
    );
    assert.deepEqual(keys(accounts.body), ["accounts", "pagination"]);
    for (const account of accounts.body.accounts) assert.deepEqual(keys(account), sorted(ACCOUNT));
    const transactions = await atrium<{ transactions: unknown[] }>(
      sandbox,
      "GET",
      memberPath(user, guid, "/transactions"),
    );
    assert.deepEqual(keys(transactions.body), ["pagination", "transactions"]);
    for (const t of transactions.body.transactions) assert.deepEqual(keys(t), sorted(TRANSACTION));
    await atrium(sandbox, "POST", memberPath(user, guid, "/identify"));
    sandbox.controls.settle(guid);
    const owners = await atrium<{ account_owners: unknown[] }>(
      sandbox,
      "GET",
      memberPath(user, guid, "/account_owners"),
    );
    assert.deepEqual(keys(owners.body), ["account_owners", "pagination"]);
    for (const owner of owners.body.account_owners) assert.deepEqual(keys(owner), OWNER);
    const numbers = await atrium<{ account_numbers: unknown[] }>(
      sandbox,
      "GET",
      memberPath(user, guid, "/account_numbers"),
    );
    assert.deepEqual(keys(numbers.body), ["account_numbers", "pagination"]);
    assert.ok(numbers.body.account_numbers.length > 0);
    for (const number of numbers.body.account_numbers) assert.deepEqual(keys(number), ACCOUNT_NUMBER);
  });

  void it("guids carry Atrium's prefixes in uuid-like shape", async () => {
    const guid = sandbox.demo.members.fourAccounts;
    const shape = (prefix: string) =>
      new RegExp(`^${prefix}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`);
    assert.match(await createUser(sandbox), shape("USR"));
    assert.match(guid, shape("MBR"));
    for (const a of sandbox.controls.getAccounts(guid)) assert.match(a.guid, shape("ACT"));
    for (const t of sandbox.controls.getTransactions(guid).slice(0, 20)) assert.match(t.guid, shape("TRN"));
    for (const o of sandbox.controls.getAccountOwners(guid)) assert.match(o.guid, shape("ACO"));
    for (const n of sandbox.controls.getAccountNumbers(guid)) {
      assert.match(n.guid, shape("ACN"));
      assert.match(n.routing_number, /^\d{9}$/);
      assert.equal(n.institution_number, null);
      assert.equal(n.transit_number, null);
    }
  });

  void it("errors are {error: {message}} with Atrium's content type and a request id", async () => {
    const res = await atrium<{ error: { message: string } }>(sandbox, "GET", "/users/USR-nope");
    assert.equal(res.status, 404);
    assert.deepEqual(keys(res.body), ["error"]);
    assert.deepEqual(keys(res.body.error), ["message"]);
    assert.equal(res.headers.get("content-type"), "application/vnd.mx.atrium.v1+json; charset=utf-8");
    assert.ok(res.headers.get("x-request-id"));
  });
});
