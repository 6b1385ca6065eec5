import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { AtriumClient, type AtriumClientOptions } from "../../src/datasources/atrium-client.js";
import { AtriumApi } from "../../src/datasources/atrium-api.js";
import { AtriumDataSource } from "../../src/datasources/atrium-data-source.js";
import { AtriumError } from "../../src/datasources/atrium-errors.js";
import { InMemoryMfaAnswerGate } from "../../src/datasources/mfa-answer-gate.js";
import { createLogger } from "../../src/observability/logger.js";
import { Metrics } from "../../src/observability/metrics.js";
import { LogCapture } from "../helpers/log-capture.js";
import { partnerHeaders, UPSTREAM_APIS } from "../helpers/sandbox-http.js";
import { dialectFor, type UpstreamApiName } from "../../src/datasources/dialects/index.js";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";

const ROUTE = UPSTREAM_ROUTES.member;
let sandbox: Sandbox;
const logs = new LogCapture();
const clients: AtriumClient[] = [];
/** The dialect of the suite that runs now (set by its `before`). */
let currentApi: UpstreamApiName = "atrium";

function makeSource(overrides: Partial<AtriumClientOptions> = {}): {
  source: AtriumDataSource;
  api: AtriumApi;
  metrics: Metrics;
} {
  const metrics = new Metrics({ processMetrics: false });
  const logger = createLogger({ level: "debug", destination: logs });
  const client = new AtriumClient({
    baseUrl: sandbox.url,
    apiKey: sandbox.apiKey,
    clientId: sandbox.clientId,
    dialect: dialectFor(currentApi),
    timeoutMs: 1000,
    maxRetries: 3,
    backoff: { baseMs: 10, maxMs: 50 },
    metrics,
    logger,
    ...overrides,
  });
  clients.push(client);
  const api = new AtriumApi(client, logger);
  const source = new AtriumDataSource(sandbox.demo.userGuid, { api, mfaGate: new InMemoryMfaAnswerGate() });
  return { source, api, metrics };
}

async function rejectsWith(promise: Promise<unknown>, code: string): Promise<AtriumError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof AtriumError, `expected AtriumError, got ${String(error)}`);
    assert.equal(error.code, code);
    return error;
  }
  assert.fail(`expected ${code}`);
}

for (const api of UPSTREAM_APIS) {
  describe(`upstream dialect: ${api}`, () => {
    before(async () => {
      currentApi = api;
      sandbox = await startSandbox({ speed: 40, hangMs: 5000 });
    });
    after(async () => {
      for (const client of clients) client.close();
      await sandbox.close();
      const basic = Buffer.from(`${sandbox.clientId}:${sandbox.apiKey}`).toString("base64");
      logs.assertNoSecrets([sandbox.apiKey, sandbox.clientId, basic]);
    });
    beforeEach(() => {
      sandbox.controls.clearFaults();
      sandbox.calls.reset();
    });

    describe("error codes from their upstream causes", () => {
      test("404 → null for reads, NOT_FOUND when required", async () => {
        const { source } = makeSource();
        assert.equal(await source.member("MBR-00000000-0000-0000-0000-000000000000"), null);
        await rejectsWith(source.requireMember("MBR-00000000-0000-0000-0000-000000000000"), "NOT_FOUND");
      });

      test("400 on identify → IDENTIFICATION_NOT_SUPPORTED", async () => {
        const { source } = makeSource();
        await rejectsWith(
          source.identify(sandbox.demo.members.noIdentification, false),
          "IDENTIFICATION_NOT_SUPPORTED",
        );
      });

      test("403 on identify → IDENTIFICATION_NOT_ENABLED", async () => {
        const { source } = makeSource();
        sandbox.controls.setIdentificationEnabled(false);
        try {
          await rejectsWith(source.identify(sandbox.demo.members.noMfa, false), "IDENTIFICATION_NOT_ENABLED");
        } finally {
          sandbox.controls.setIdentificationEnabled(true);
        }
      });

      test("202 on a second identify → alreadyRunning, 409 while another job runs", async () => {
        const { source } = makeSource();
        const member = sandbox.demo.members.imageMfa;
        const first = await source.identify(member, false);
        assert.equal(first.alreadyRunning, false);
        assert.equal(first.member.isBeingAggregated, true);
        const second = await source.identify(member, false);
        assert.equal(second.alreadyRunning, true);
        sandbox.controls.setMemberStatus(member, {
          connection_status: "CONNECTED",
          is_being_aggregated: false,
        });

        // Another partner process starts an aggregation; identify must report the conflict.
        const res = await fetch(`${sandbox.url}/users/${sandbox.demo.userGuid}/members/${member}/aggregate`, {
          method: "POST",
          headers: partnerHeaders(sandbox, api),
        });
        assert.equal(res.status, api === "atrium" ? 200 : 202);
        await rejectsWith(source.identify(member, false), "AGGREGATION_IN_PROGRESS");
        sandbox.controls.setMemberStatus(member, {
          connection_status: "CONNECTED",
          is_being_aggregated: false,
        });
      });

      test("429 after retries → UPSTREAM_RATE_LIMITED with retryAfterSeconds", async () => {
        const { source } = makeSource({ maxRetries: 1 });
        sandbox.controls.injectFault({ route: ROUTE, kind: "429", times: 5, retryAfterSeconds: 1 });
        const error = await rejectsWith(source.member(sandbox.demo.members.noMfa), "UPSTREAM_RATE_LIMITED");
        assert.equal(error.details.retryAfterSeconds, 1);
      });

      test("5xx after retries → UPSTREAM_UNAVAILABLE", async () => {
        const { source } = makeSource({ maxRetries: 2 });
        sandbox.controls.injectFault({ route: ROUTE, kind: "500", times: 10 });
        await rejectsWith(source.member(sandbox.demo.members.noMfa), "UPSTREAM_UNAVAILABLE");
        assert.equal(sandbox.calls.count({ route: ROUTE }), 3);
      });

      test("a timeout → UPSTREAM_UNAVAILABLE", async () => {
        const { source } = makeSource({ maxRetries: 0, timeoutMs: 200 });
        sandbox.controls.injectFault({ route: ROUTE, kind: "hang", times: 1 });
        await rejectsWith(source.member(sandbox.demo.members.noMfa), "UPSTREAM_UNAVAILABLE");
      });

      test("a body that is not JSON, or lacks fields → UPSTREAM_UNAVAILABLE with one log line", async () => {
        const { source } = makeSource({ maxRetries: 0 });
        const before = logs.lines.length;
        sandbox.controls.injectFault({ route: ROUTE, kind: "malformed", times: 1 });
        await rejectsWith(source.member(sandbox.demo.members.noMfa), "UPSTREAM_UNAVAILABLE");
        const malformedLines = logs.lines.slice(before).filter((l) => /not JSON|malformed/.test(l));
        assert.equal(malformedLines.length, 1);

        const { source: fresh } = makeSource({ maxRetries: 0 });
        sandbox.controls.injectFault({ route: ROUTE, kind: "missing-fields", times: 1 });
        await rejectsWith(fresh.member(sandbox.demo.members.noMfa), "UPSTREAM_UNAVAILABLE");
      });

      test("401 with wrong keys → UPSTREAM_AUTH_FAILED", async () => {
        const { source } = makeSource({ apiKey: "wrong-key", maxRetries: 0 });
        await rejectsWith(source.members(), "UPSTREAM_AUTH_FAILED");
      });
    });

    describe("retries", () => {
      test("a GET succeeds through injected 500, 503, 429 and a hang", async () => {
        const { source } = makeSource({ timeoutMs: 300, maxRetries: 4 });
        for (const kind of ["500", "503", "hang"] as const) {
          sandbox.controls.injectFault({ route: ROUTE, kind, times: 1 });
        }
        sandbox.controls.injectFault({ route: ROUTE, kind: "429", times: 1, retryAfterSeconds: 0 });
        const member = await source.member(sandbox.demo.members.noMfa);
        assert.equal(member?.guid, sandbox.demo.members.noMfa);
        assert.equal(sandbox.calls.count({ route: ROUTE }), 5);
      });

      test("Retry-After is honoured", async () => {
        const { source } = makeSource();
        sandbox.controls.injectFault({ route: ROUTE, kind: "429", times: 1, retryAfterSeconds: 1 });
        const started = Date.now();
        await source.member(sandbox.demo.members.noMfa);
        assert.ok(Date.now() - started >= 950, "the retry waited for Retry-After");
      });

      test("resume is sent exactly once when its answer is a 503 or it times out", async () => {
        const member = sandbox.demo.members.textMfa;
        const { source } = makeSource({ timeoutMs: 300 });
        await source.identify(member, false);
        sandbox.controls.settle(member);
        const challenges = await makeSource().source.challenges(member);
        assert.ok(challenges.length > 0);
        const answers = [{ challengeGuid: challenges[0]!.guid, value: "correct" }];

        sandbox.calls.reset();
        sandbox.controls.injectFault({ route: `${ROUTE}/resume`, kind: "503", times: 1 });
        await rejectsWith(makeSource().source.answerMfa(member, answers), "UPSTREAM_UNAVAILABLE");
        assert.equal(sandbox.calls.count({ route: `${ROUTE}/resume` }), 1);

        sandbox.calls.reset();
        sandbox.controls.injectFault({ route: `${ROUTE}/resume`, kind: "hang", times: 1 });
        await rejectsWith(
          makeSource({ timeoutMs: 300 }).source.answerMfa(member, answers),
          "UPSTREAM_UNAVAILABLE",
        );
        assert.equal(sandbox.calls.count({ route: `${ROUTE}/resume` }), 1);

        // Faults changed nothing: the member is still waiting for the answer.
        const resumed = await makeSource().source.answerMfa(member, answers);
        assert.equal(resumed.connectionStatus, "RESUMED");
        sandbox.controls.settle(member);
      });

      test("identify is not re-sent after a timeout, but is after a 503", async () => {
        const member = sandbox.demo.members.optionsMfa;
        sandbox.controls.injectFault({ route: `${ROUTE}/identify`, kind: "hang", times: 1 });
        await rejectsWith(
          makeSource({ timeoutMs: 300 }).source.identify(member, false),
          "UPSTREAM_UNAVAILABLE",
        );
        assert.equal(sandbox.calls.count({ route: `${ROUTE}/identify` }), 1);

        sandbox.calls.reset();
        sandbox.controls.injectFault({ route: `${ROUTE}/identify`, kind: "503", times: 1 });
        const result = await makeSource().source.identify(member, false);
        assert.equal(result.alreadyRunning, false);
        assert.equal(sandbox.calls.count({ route: `${ROUTE}/identify` }), 2);
        sandbox.controls.settle(member);
      });
    });

    describe("one upstream call per resource", () => {
      test("owners and numbers of 4 accounts, asked twice over, cost one call per endpoint", async () => {
        const member = sandbox.demo.members.fourAccounts;
        const { source: identifier } = makeSource();
        await identifier.identify(member, false);
        sandbox.controls.settle(member);
        sandbox.calls.reset();

        const { source } = makeSource();
        const accounts = await source.accounts(member);
        assert.equal(accounts.length, 4);
        const asks = [];
        for (let round = 0; round < 2; round++) {
          for (const account of accounts) {
            // Answered as values once the lists are in, as promises before.
            asks.push(
              Promise.resolve(source.accountOwnersOf(member, account.guid)),
              Promise.resolve(source.accountNumbersOf(member, account.guid)),
            );
          }
          asks.push(source.accountOwners(member), source.accountNumbers(member), source.member(member));
        }
        const results = await Promise.all(asks);
        assert.ok(
          results.some((r) => Array.isArray(r) && r.length > 0),
          "owners were read",
        );
        for (const endpoint of ["", "/accounts", "/account_owners", "/account_numbers"]) {
          assert.equal(
            sandbox.calls.count({ route: `${ROUTE}${endpoint}`, memberGuid: member }),
            1,
            endpoint || "member",
          );
        }
        assert.equal(sandbox.calls.count({ route: UPSTREAM_ROUTES.accountAccountNumbers }), 0);
        const held = sandbox.controls.getAccountOwners(member);
        const read = await source.accountOwners(member);
        assert.deepEqual(read.map((o) => o.guid).sort(), held.map((o) => String(o["guid"])).sort());
      });

      test("once a member's lists are in, its per-account fields get values, not promises, and no call", async () => {
        const member = sandbox.demo.members.fourAccounts;
        const { source } = makeSource();
        const accounts = await source.accounts(member);
        const owners = await source.accountOwners(member);
        await source.accountNumbers(member);
        sandbox.calls.reset();
        assert.ok(Array.isArray(source.accounts(member)), "accounts");
        for (const account of accounts) {
          const own = source.accountOwnersOf(member, account.guid);
          const numbers = source.accountNumbersOf(member, account.guid);
          assert.ok(Array.isArray(own) && Array.isArray(numbers), account.guid);
          assert.deepEqual(
            own.map((o) => o.guid),
            owners.filter((o) => o.accountGuid === account.guid).map((o) => o.guid),
          );
        }
        assert.equal(sandbox.calls.count({}), 0);
      });
    });

    describe("paging", () => {
      test("owners and account numbers are read to the last page", async () => {
        const member = sandbox.demo.members.fourAccounts;
        await makeSource().source.identify(member, false);
        sandbox.controls.settle(member);
        const client = new AtriumClient({
          baseUrl: sandbox.url,
          apiKey: sandbox.apiKey,
          clientId: sandbox.clientId,
          dialect: dialectFor(currentApi),
        });
        clients.push(client);
        const api = new AtriumApi(client, undefined, { listPageSize: 1 });
        sandbox.calls.reset();
        const owners = await api.listAccountOwners(sandbox.demo.userGuid, member);
        const numbers = await api.listAccountNumbers(sandbox.demo.userGuid, member);
        const heldOwners = sandbox.controls.getAccountOwners(member);
        const heldNumbers = sandbox.controls.getAccountNumbers(member);
        // At least one owner per account (4 accounts); numbers only for some account types.
        assert.ok(heldOwners.length > 1 && heldNumbers.length >= 1);
        assert.deepEqual(owners.map((o) => o.guid).sort(), heldOwners.map((o) => String(o["guid"])).sort());
        assert.equal(numbers.length, heldNumbers.length);
        assert.equal(sandbox.calls.count({ route: `${ROUTE}/account_owners` }), heldOwners.length);
        assert.equal(sandbox.calls.count({ route: `${ROUTE}/account_numbers` }), heldNumbers.length);
      });

      test("the member with more than 1,000 transactions is read whole", async () => {
        const member = sandbox.demo.members.manyTransactions;
        const { api } = makeSource();
        const all = await api.listAllTransactions(sandbox.demo.userGuid, member);
        const held = sandbox.controls.getTransactions(member);
        assert.ok(held.length > 1000);
        assert.equal(all.length, held.length);
        assert.equal(new Set(all.map((t) => t.guid)).size, held.length);
      });

      test("one page of transactions carries its page info", async () => {
        const member = sandbox.demo.members.manyTransactions;
        const { source } = makeSource();
        const page = await source.transactions(member, 3, 100);
        assert.equal(page.nodes.length, 100);
        assert.equal(page.pageInfo.currentPage, 3);
        assert.equal(page.pageInfo.perPage, 100);
        assert.equal(page.pageInfo.totalEntries, sandbox.controls.getTransactions(member).length);
      });
    });

    test("upstream metrics count requests by route template and status", async () => {
      const { source, metrics } = makeSource();
      await source.member(sandbox.demo.members.noMfa);
      const text = await metrics.registry.metrics();
      assert.match(
        text,
        /atrium_upstream_requests_total\{method="GET",route="\/users\/:user_guid\/members\/:member_guid",status="200"\} 1/,
      );
      assert.doesNotMatch(text, /MBR-|USR-/);
    });
  });
}
