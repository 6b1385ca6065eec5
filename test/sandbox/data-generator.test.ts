// Generated member data is deterministic per guid and realistic enough for clients.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateMemberData, routingNumberFor } from "../../src/sandbox/data-generator.js";
import { derivedGuid } from "../../src/sandbox/ids.js";

const anchor = new Date("2025-06-01T00:00:00Z");
const input = (memberGuid: string) => ({ memberGuid, userGuid: "USR-u", institutionCode: "mxbank", anchor });

function abaValid(routing: string): boolean {
  const d = [...routing].map(Number);
  const sum = 3 * (d[0]! + d[3]! + d[6]!) + 7 * (d[1]! + d[4]! + d[7]!) + (d[2]! + d[5]! + d[8]!);
  return routing.length === 9 && sum % 10 === 0;
}

void describe("generateMemberData", () => {
  void it("is deterministic for the same guid and differs between guids", () => {
    const a = generateMemberData(input("MBR-a"));
    assert.deepEqual(generateMemberData(input("MBR-a")), a);
    assert.notDeepEqual(generateMemberData(input("MBR-b")).accounts, a.accounts);
  });

  void it("makes 2–4 accounts with a checking account first, USD, masked numbers", () => {
    for (let i = 0; i < 50; i++) {
      const { accounts } = generateMemberData(input(derivedGuid("MBR", i)));
      assert.ok(accounts.length >= 2 && accounts.length <= 4);
      assert.equal(accounts[0]?.type, "CHECKING");
      for (const account of accounts) {
        assert.equal(account.currency_code, "USD");
        assert.match(account.account_number, /^X+\d{4}$/);
        assert.equal(typeof account.balance, "number");
      }
      assert.equal(new Set(accounts.map((a) => a.name)).size, accounts.length);
    }
  });

  void it("gives account numbers to deposit accounts only, matching the masked last four, with a valid routing number", () => {
    const data = generateMemberData({ ...input("MBR-numbers"), profile: { accountCount: 4 } });
    for (const number of data.accountNumbers) {
      const account = data.accounts.find((a) => a.guid === number.account_guid);
      assert.ok(account && ["CHECKING", "SAVINGS"].includes(account.type));
      assert.equal(number.account_number.slice(-4), account.account_number.slice(-4));
      assert.ok(abaValid(number.routing_number), number.routing_number);
    }
    assert.ok(abaValid(routingNumberFor("mxbank_noid")));
  });

  void it("honours the profile: account count and total transactions, newest first", () => {
    const data = generateMemberData({
      ...input("MBR-many"),
      profile: { accountCount: 3, transactionCount: 1234 },
    });
    assert.equal(data.accounts.length, 3);
    assert.equal(data.transactions.length, 1234);
    for (let i = 1; i < data.transactions.length; i++) {
      assert.ok(data.transactions[i - 1]!.transacted_at >= data.transactions[i]!.transacted_at);
    }
    for (const t of data.transactions) {
      assert.ok(t.date < "2025-06-01" && t.date >= "2024-12-01", t.date);
      assert.ok(t.amount > 0);
      assert.equal(t.status === "PENDING", t.posted_at === null);
    }
  });

  void it("owners: one or two per account, with name, address, email and phone", () => {
    const data = generateMemberData(input("MBR-owners"));
    for (const account of data.accounts) {
      const owners = data.owners.filter((o) => o.account_guid === account.guid);
      assert.ok(owners.length === 1 || owners.length === 2);
      for (const owner of owners) {
        assert.match(owner.email, /^[a-z.]+@example\.com$/);
        assert.match(owner.phone, /^555-\d{3}-\d{4}$/);
        assert.equal(owner.country, "US");
      }
    }
  });
});
