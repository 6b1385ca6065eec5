/**
 * Round trips, counted from the sandbox's recorded arrival and answer times
 * (DESIGN.md "One round trip where the data allows it"): with latency added to
 * every upstream answer, calls of one round trip all arrive before any of them
 * is answered, and the next round trip's calls arrive only after an answer.
 */
import { afterEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { waitFor } from "../helpers/start-test-server.js";
import type { RecordedCall } from "../../src/sandbox/sandbox.js";
import { AtriumClient } from "../../src/datasources/atrium-client.js";
import { AtriumApi } from "../../src/datasources/atrium-api.js";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";
import { useTestServer } from "../helpers/fixtures.js";

const LATENCY_MS = 150;
const MEMBER = UPSTREAM_ROUTES.member;
const NESTED = `query Nested($guid: ID!) {
  member(guid: $guid) {
    guid name connectionStatus
    accounts { guid name balance owners { ownerName email } accountNumbers { accountNumber routingNumber } }
  }
}`;

const server = useTestServer();
afterEach(() => {
  server.sandbox!.controls.setLatency(0);
  server.sandbox!.calls.reset();
});

function sandbox() {
  return server.sandbox!;
}

/** Groups calls into round trips: a call starts a new one when it arrived after an earlier call was answered. */
function roundTrips(calls: RecordedCall[]): RecordedCall[][] {
  const sorted = [...calls].sort((a, b) => a.arrivedAt - b.arrivedAt);
  const trips: RecordedCall[][] = [];
  let firstAnswer = Infinity;
  for (const call of sorted) {
    const current = trips.at(-1);
    if (current && call.arrivedAt < firstAnswer) {
      current.push(call);
    } else {
      trips.push([call]);
    }
    firstAnswer = Math.min(...trips.at(-1)!.map((c) => c.at));
  }
  return trips;
}

const routes = (calls: RecordedCall[]): string[] => calls.map((c) => c.route.replace(MEMBER, "…")).sort();

async function querySlowly<T>(query: string, variables: Record<string, unknown>) {
  sandbox().calls.reset();
  sandbox().controls.setLatency(LATENCY_MS);
  const res = await server.gql<T>(query, variables);
  sandbox().controls.setLatency(0);
  return res;
}

describe("upstream round trips", () => {
  test("the nested member query makes its four calls in one round trip", async () => {
    const guid = sandbox().demo.members.fourAccounts;
    const res = await querySlowly<{ member: { guid: string; accounts: unknown[] } }>(NESTED, { guid });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.equal(res.data?.member.guid, guid);
    assert.equal(res.data?.member.accounts.length, 4);

    const calls = sandbox().calls.list({ memberGuid: guid });
    assert.deepEqual(routes(calls), ["…", "…/account_numbers", "…/account_owners", "…/accounts"]);
    const trips = roundTrips(calls);
    assert.equal(trips.length, 1, JSON.stringify(calls));
    // Every call was under way before the first one was answered.
    const firstAnswer = Math.min(...calls.map((c) => c.at));
    for (const call of calls) assert.ok(call.arrivedAt < firstAnswer, JSON.stringify(calls));
  });

  test("the member list costs two round trips: the list, then every member's reads together", async () => {
    const query = `{ members { guid accounts { guid } accountOwners { ownerName } } }`;
    const res = await querySlowly<{ members: Array<{ guid: string }> }>(query, {});
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const members = res.data!.members;
    assert.ok(members.length >= 2);

    const calls = sandbox().calls.list({ userGuid: sandbox().demo.userGuid });
    assert.equal(calls.length, 1 + members.length * 2);
    const trips = roundTrips(calls);
    assert.equal(trips.length, 2, JSON.stringify(trips.map(routes)));
    assert.deepEqual(routes(trips[0]!), [UPSTREAM_ROUTES.members]);
    assert.equal(trips[1]!.length, members.length * 2);
  });

  test("fragments and @skip/@include decide what starts: only the fields that will run", async () => {
    const guid = sandbox().demo.members.fourAccounts;
    const query = `query Parts($guid: ID!, $numbers: Boolean!, $noOwners: Boolean!) {
      member(guid: $guid) { ...Parts }
    }
    fragment Parts on Member {
      guid
      ... on Member { accounts { guid ...Numbers owners @skip(if: $noOwners) { ownerName } } }
      memberStatus @include(if: $numbers) { connectionStatus }
    }
    fragment Numbers on Account { accountNumbers @include(if: $numbers) { accountNumber } }`;

    let res = await querySlowly(query, { guid, numbers: true, noOwners: false });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    let calls = sandbox().calls.list({ memberGuid: guid });
    assert.deepEqual(routes(calls), ["…", "…/account_numbers", "…/account_owners", "…/accounts", "…/status"]);
    assert.equal(roundTrips(calls).length, 1, JSON.stringify(calls));

    res = await querySlowly(query, { guid, numbers: false, noOwners: true });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    calls = sandbox().calls.list({ memberGuid: guid });
    assert.deepEqual(routes(calls), ["…", "…/accounts"]);
    assert.equal(roundTrips(calls).length, 1, JSON.stringify(calls));
  });

  test("a missing member's started reads fail quietly: null, no error, no unhandled rejection", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on("unhandledRejection", onUnhandled);
    try {
      const guid = "MBR-00000000-0000-0000-0000-00000000dead";
      const query = `query Missing($guid: ID!) {
        member(guid: $guid) {
          guid accountOwners { ownerName } memberStatus { connectionStatus }
          accounts { guid owners { ownerName } accountNumbers { accountNumber } transactions { nodes { guid } } }
          transactions(page: 2, perPage: 10) { nodes { guid } }
        }
      }`;
      const res = await querySlowly<{ member: unknown }>(query, { guid });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      assert.equal(res.data?.member, null);
      // Every started read reached upstream and was answered 404.
      const calls = await waitFor(
        () => sandbox().calls.list({ memberGuid: guid }),
        (list) => list.length === 7,
      );
      assert.ok(calls.every((c) => c.status === 404));
      assert.equal(roundTrips(calls).length, 1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(unhandled, []);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("a failing started read is the field's error, as without prefetching, and leaves nothing unhandled", async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on("unhandledRejection", onUnhandled);
    try {
      const guid = sandbox().demo.members.fourAccounts;
      sandbox().controls.injectFault({ route: `${MEMBER}/account_owners`, kind: "500", times: 100 });
      const res = await server.gql<{ member: { guid: string; accounts: Array<{ owners: unknown }> } | null }>(
        NESTED,
        { guid },
      );
      sandbox().controls.clearFaults();
      // owners is non-null down to the nullable member: one error, the member null.
      assert.equal(res.data?.member, null);
      assert.equal(res.errors?.length, 1, JSON.stringify(res.errors));
      assert.equal(res.errors[0]?.extensions?.code, "UPSTREAM_UNAVAILABLE");
      assert.equal(res.errors[0]?.path?.at(-1), "owners");
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(unhandled, []);
    } finally {
      sandbox().controls.clearFaults();
      process.off("unhandledRejection", onUnhandled);
    }
  });

  test("a list over several pages reads page 1, then every other page at once", async () => {
    const { url, apiKey, clientId, demo } = sandbox();
    const client = new AtriumClient({ baseUrl: url, apiKey, clientId });
    try {
      const api = new AtriumApi(client, undefined, { listPageSize: 100 });
      const guid = demo.members.manyTransactions;
      sandbox().calls.reset();
      sandbox().controls.setLatency(LATENCY_MS);
      const transactions = await api.listAllTransactions(demo.userGuid, guid);
      sandbox().controls.setLatency(0);
      assert.equal(transactions.length, sandbox().controls.getTransactions(guid).length);
      assert.equal(new Set(transactions.map((t) => t.guid)).size, transactions.length);
      const calls = sandbox().calls.list({ memberGuid: guid });
      const pages = Math.ceil(transactions.length / 100);
      assert.ok(pages > 2);
      const trips = roundTrips(calls);
      assert.deepEqual(
        trips.map((trip) => trip.length),
        [1, pages - 1],
      );
    } finally {
      client.close();
    }
  });
});
