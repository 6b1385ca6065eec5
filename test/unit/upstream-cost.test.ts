import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { parse, type GraphQLSchema } from "graphql";
import { buildAppSchema } from "../../src/resolvers/build-schema.js";
import { MAX_MEMBERS_PER_USER, upstreamCost } from "../../src/graphql/upstream-cost.js";

let schema: GraphQLSchema;
before(async () => {
  schema = await buildAppSchema();
});
const cost = (query: string, variables: Record<string, unknown> = {}): number | undefined =>
  upstreamCost(schema, parse(query), variables);

describe("query cost in upstream calls", () => {
  test("a member's whole tree costs one call per endpoint, however many accounts it has", () => {
    assert.equal(cost(`{ member(guid: "MBR-1") { guid name } }`), 1);
    assert.equal(
      cost(
        `{ member(guid: "MBR-1") { accounts { owners { ownerName } accountNumbers { accountNumber } } } }`,
      ),
      4,
    );
    // Member-level and account-level owners share one loader key.
    assert.equal(
      cost(`{ member(guid: "MBR-1") { accountOwners { guid } accounts { owners { guid } } } }`),
      3,
    );
  });

  test("aliases of one loader key cost once; distinct guids each cost", () => {
    assert.equal(cost(`{ a: member(guid: "MBR-1") { guid } b: member(guid: "MBR-1") { name } }`), 1);
    assert.equal(cost(`{ a: member(guid: "MBR-1") { guid } b: member(guid: "MBR-2") { name } }`), 2);
    const aliases = Array.from({ length: 400 }, (_, i) => `m${i}: member(guid: "MBR-${i}") { guid }`);
    assert.equal(cost(`{ ${aliases.join(" ")} }`), 400);
    assert.equal(
      cost(`query($g: ID!) { a: member(guid: $g) { guid } b: member(guid: "MBR-9") { guid } }`, {
        g: "MBR-9",
      }),
      1,
    );
  });

  test("a members list multiplies its members' calls by the most members a user can have", () => {
    assert.equal(cost(`{ members { guid } }`), 1);
    assert.equal(cost(`{ members { accounts { guid } } }`), 1 + MAX_MEMBERS_PER_USER);
    assert.equal(
      cost(
        `{ members { accounts { owners { ownerName } accountNumbers { accountNumber } transactions(perPage: 100) { nodes { guid } } } } }`,
      ),
      1 + 4 * MAX_MEMBERS_PER_USER,
    );
  });

  test("a transactions page costs its upstream pages; distinct pages each cost", () => {
    const page = (args: string) =>
      cost(`{ member(guid: "MBR-1") { transactions(${args}) { nodes { guid } } } }`);
    assert.equal(page("perPage: 500"), 2);
    assert.equal(page("perPage: 1000"), 2);
    assert.equal(page("perPage: 2000"), 3);
    assert.equal(
      cost(
        `{ member(guid: "MBR-1") { a: transactions(page: 1) { nodes { guid } } b: transactions(page: 2) { nodes { guid } } } }`,
      ),
      3,
    );
  });

  test("fragments count, @skip and @include are honoured", () => {
    const query = `query($withOwners: Boolean!) {
      member(guid: "MBR-1") { ...Parts ... on Member { accounts @skip(if: true) { guid } } }
    }
    fragment Parts on Member { accountOwners @include(if: $withOwners) { guid } memberStatus { isFinal } }`;
    assert.equal(cost(query, { withOwners: true }), 1 + 1 + 2);
    assert.equal(cost(query, { withOwners: false }), 1 + 2);
  });

  test("mutations and subscriptions cost the calls they make", () => {
    assert.equal(
      cost(`mutation { identifyMember(memberGuid: "MBR-1") { alreadyRunning member { guid } } }`),
      1,
    );
    assert.equal(
      cost(`mutation { answerMfa(memberGuid: "MBR-1", answers: []) { member { accounts { guid } } } }`),
      4,
    );
    assert.equal(cost(`subscription { memberStatus(memberGuid: "MBR-1") { connectionStatus } }`), 2);
  });

  test("an operation that cannot be chosen is not measured (validation reports it)", () => {
    assert.equal(cost(`query A { members { guid } } query B { members { guid } }`), undefined);
  });
});
