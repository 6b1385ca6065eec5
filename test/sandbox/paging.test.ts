// Paging: page/records_per_page, pagination totals, the empty-list shape, filters.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type WirePagination, type WireTransaction } from "../../src/sandbox/sandbox.js";
import { atrium, createUser, memberPath } from "../helpers/sandbox-http.js";
import { setUp, useSandbox } from "../helpers/fixtures.js";

let transactionsPath: string;

const sandbox = useSandbox({ speed: 20 });
setUp(() => {
  transactionsPath = memberPath(
    sandbox.demo.userGuid,
    sandbox.demo.members.manyTransactions,
    "/transactions",
  );
});

type TransactionPage = { transactions: WireTransaction[]; pagination: WirePagination };

void describe("paging", () => {
  void it("manyTransactions read page by page equals the full set the sandbox holds (> 1,000)", async () => {
    const all: WireTransaction[] = [];
    let page = 1;
    let totalPages: number;
    do {
      const res = await atrium<TransactionPage>(
        sandbox,
        "GET",
        `${transactionsPath}?page=${page}&records_per_page=100`,
      );
      assert.equal(res.status, 200);
      assert.equal(res.body.pagination.current_page, page);
      assert.equal(res.body.pagination.per_page, 100);
      totalPages = res.body.pagination.total_pages;
      all.push(...res.body.transactions);
      page++;
    } while (page <= totalPages);
    const held = sandbox.controls.getTransactions(sandbox.demo.members.manyTransactions);
    assert.ok(held.length > 1000, `${held.length}`);
    assert.equal(totalPages, Math.ceil(held.length / 100));
    assert.deepEqual(all, held);
    assert.equal(new Set(all.map((t) => t.guid)).size, all.length);
  });

  void it("default page size is 25, with totals", async () => {
    const res = await atrium<TransactionPage>(sandbox, "GET", transactionsPath);
    const total = sandbox.controls.getTransactions(sandbox.demo.members.manyTransactions).length;
    assert.deepEqual(res.body.pagination, {
      current_page: 1,
      per_page: 25,
      total_entries: total,
      total_pages: Math.ceil(total / 25),
    });
    assert.equal(res.body.transactions.length, 25);
  });

  void it("records_per_page 1000 is honoured; above 1000 falls back to 25", async () => {
    const big = await atrium<TransactionPage>(sandbox, "GET", `${transactionsPath}?records_per_page=1000`);
    assert.equal(big.body.transactions.length, 1000);
    const over = await atrium<TransactionPage>(sandbox, "GET", `${transactionsPath}?records_per_page=5000`);
    assert.equal(over.body.pagination.per_page, 25);
  });

  void it("a page past the end is an empty list with the same totals", async () => {
    const res = await atrium<TransactionPage>(sandbox, "GET", `${transactionsPath}?page=999`);
    assert.equal(res.body.transactions.length, 0);
    assert.equal(res.body.pagination.current_page, 999);
  });

  void it("an empty list: total_entries 0, total_pages 1", async () => {
    const userGuid = await createUser(sandbox);
    const res = await atrium<{ members: unknown[]; pagination: WirePagination }>(
      sandbox,
      "GET",
      `/users/${userGuid}/members`,
    );
    assert.deepEqual(res.body, {
      members: [],
      pagination: { current_page: 1, per_page: 25, total_entries: 0, total_pages: 1 },
    });
    const owners = await atrium<{ account_owners: unknown[]; pagination: WirePagination }>(
      sandbox,
      "GET",
      memberPath(sandbox.demo.userGuid, sandbox.demo.members.noMfa, "/account_owners"),
    );
    assert.deepEqual(owners.body.account_owners, []);
    assert.equal(owners.body.pagination.total_pages, 1);
  });

  void it("members, institutions and account owners honour records_per_page", async () => {
    const members = await atrium<{ members: unknown[]; pagination: WirePagination }>(
      sandbox,
      "GET",
      `/users/${sandbox.demo.userGuid}/members?records_per_page=4&page=3`,
    );
    assert.equal(members.body.members.length, 2);
    assert.deepEqual(members.body.pagination, {
      current_page: 3,
      per_page: 4,
      total_entries: 10,
      total_pages: 3,
    });
    const institutions = await atrium<{ institutions: unknown[]; pagination: WirePagination }>(
      sandbox,
      "GET",
      "/institutions?records_per_page=2",
    );
    assert.equal(institutions.body.institutions.length, 2);
    assert.equal(institutions.body.pagination.total_pages, 2);
    const guid = sandbox.demo.members.fourAccounts;
    await atrium(sandbox, "POST", memberPath(sandbox.demo.userGuid, guid, "/identify"));
    sandbox.controls.settle(guid);
    const owners = await atrium<{ account_owners: unknown[]; pagination: WirePagination }>(
      sandbox,
      "GET",
      memberPath(sandbox.demo.userGuid, guid, "/account_owners?records_per_page=1&page=2"),
    );
    assert.equal(owners.body.account_owners.length, 1);
    assert.equal(owners.body.pagination.total_entries, sandbox.controls.getAccountOwners(guid).length);
  });

  void it("invalid page parameters → 400", async () => {
    for (const query of [
      "page=0",
      "page=-1",
      "page=abc",
      "records_per_page=0",
      "records_per_page=1.5",
      "page=",
    ]) {
      assert.equal((await atrium(sandbox, "GET", `${transactionsPath}?${query}`)).status, 400, query);
    }
  });
});

void describe("filters", () => {
  void it("transactions from_date/to_date filter on date, inclusive; bad dates → 400", async () => {
    const held = sandbox.controls.getTransactions(sandbox.demo.members.manyTransactions);
    const from = held[200]?.date ?? "";
    const to = held[100]?.date ?? "";
    const res = await atrium<TransactionPage>(
      sandbox,
      "GET",
      `${transactionsPath}?from_date=${from}&to_date=${to}&records_per_page=1000`,
    );
    const expected = held.filter((t) => t.date >= from && t.date <= to);
    assert.deepEqual(res.body.transactions, expected);
    assert.ok(expected.length > 100);
    assert.equal((await atrium(sandbox, "GET", `${transactionsPath}?from_date=yesterday`)).status, 400);
  });

  void it("institutions: name is a case-insensitive substring; supports_* filter by flag", async () => {
    const codes = async (query: string) =>
      (
        await atrium<{ institutions: Array<{ code: string }> }>(sandbox, "GET", `/institutions?${query}`)
      ).body.institutions.map((i) => i.code);
    assert.deepEqual(await codes("name=mx bank"), ["mxbank", "mxbank_noid", "mxbank_basic"]);
    assert.deepEqual(await codes("name=IDENTIFICATION"), ["mxbank_noid"]);
    assert.deepEqual(await codes("name=nothing"), []);
    assert.deepEqual(await codes("supports_account_identification=true"), ["mxbank"]);
    assert.deepEqual(await codes("supports_account_verification=false"), ["mxbank_basic"]);
    assert.deepEqual(await codes("supports_transaction_history=true&supports_account_statement=true"), [
      "mxbank",
      "mxbank_noid",
    ]);
    assert.equal(
      (await atrium(sandbox, "GET", "/institutions?supports_account_identification=yes")).status,
      400,
    );
  });
});
