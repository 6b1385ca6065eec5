import { beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { SignJWT } from "jose";
import { waitFor, type GqlResponse } from "../helpers/start-test-server.js";
import { atrium, createUser, freshMember, UPSTREAM_APIS } from "../helpers/sandbox-http.js";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";
import { useTestServer } from "../helpers/fixtures.js";

const ROUTE = UPSTREAM_ROUTES.member;
const IDENTIFY = `mutation($guid: ID!) { identifyMember(memberGuid: $guid) { alreadyRunning member { guid } } }`;
const ANSWER = `mutation($guid: ID!, $answers: [MfaAnswerInput!]!) { answerMfa(memberGuid: $guid, answers: $answers) { member { guid } } }`;

for (const api of UPSTREAM_APIS) {
  describe(`upstream dialect: ${api}`, () => {
    const server = useTestServer({ api });
    beforeEach(() => server.sandbox!.calls.reset());

    function codes(res: GqlResponse<unknown>): string[] {
      return (res.errors ?? []).map((e) => String(e.extensions?.code));
    }

    describe("identify outcomes", () => {
      test("202 → alreadyRunning: true", async () => {
        const { guid, token } = await freshMember(server, "password");
        // A job slow enough to still run at the second call, however busy the machine is.
        server.sandbox!.controls.setSpeed(1);
        try {
          const first = await server.gql<{ identifyMember: { alreadyRunning: boolean } }>(
            IDENTIFY,
            { guid },
            { token },
          );
          assert.equal(first.data?.identifyMember.alreadyRunning, false);
          const second = await server.gql<{ identifyMember: { alreadyRunning: boolean } }>(
            IDENTIFY,
            { guid },
            { token },
          );
          assert.equal(second.errors, undefined);
          assert.equal(second.data?.identifyMember.alreadyRunning, true);
        } finally {
          server.sandbox!.controls.setSpeed(40);
        }
      });

      test("400 → IDENTIFICATION_NOT_SUPPORTED", async () => {
        const res = await server.gql(IDENTIFY, { guid: server.sandbox!.demo.members.noIdentification });
        assert.deepEqual(codes(res), ["IDENTIFICATION_NOT_SUPPORTED"]);
        assert.ok(res.errors?.[0]?.extensions?.requestId, "errors carry a requestId");
      });

      test("403 → IDENTIFICATION_NOT_ENABLED", async () => {
        server.sandbox!.controls.setIdentificationEnabled(false);
        try {
          const res = await server.gql(IDENTIFY, { guid: server.sandbox!.demo.members.noMfa });
          assert.deepEqual(codes(res), ["IDENTIFICATION_NOT_ENABLED"]);
        } finally {
          server.sandbox!.controls.setIdentificationEnabled(true);
        }
      });

      test("409 → AGGREGATION_IN_PROGRESS", async () => {
        const { guid, token, userGuid } = await freshMember(server, "password");
        const agg = await atrium(
          server.sandbox!,
          "POST",
          `/users/${userGuid}/members/${guid}/aggregate`,
          undefined,
          { api },
        );
        assert.equal(agg.status, api === "atrium" ? 200 : 202);
        const res = await server.gql(IDENTIFY, { guid }, { token });
        assert.deepEqual(codes(res), ["AGGREGATION_IN_PROGRESS"]);
      });
    });

    describe("authentication", () => {
      test("no token → UNAUTHENTICATED", async () => {
        const res = await server.gql(`{ members { guid } }`, {}, { token: null });
        assert.deepEqual(codes(res), ["UNAUTHENTICATED"]);
        assert.equal(server.sandbox!.calls.count(), 0);
      });

      test("a bad signature or an expired token → UNAUTHENTICATED with 401", async () => {
        const forged = await new SignJWT({})
          .setProtectedHeader({ alg: "HS256" })
          .setSubject(server.sandbox!.demo.userGuid)
          .setExpirationTime("1h")
          .sign(new TextEncoder().encode("x".repeat(32)));
        const expired = await new SignJWT({})
          .setProtectedHeader({ alg: "HS256" })
          .setSubject(server.sandbox!.demo.userGuid)
          .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
          .sign(new TextEncoder().encode("x".repeat(32)));
        for (const token of [forged, expired, "not-a-jwt"]) {
          const res = await server.gql(`{ members { guid } }`, {}, { token });
          assert.equal(res.status, 401);
          assert.deepEqual(codes(res), ["UNAUTHENTICATED"]);
        }
        assert.equal(server.sandbox!.calls.count(), 0);
      });
    });

    describe("isolation between users", () => {
      test("user B never reads, identifies or answers for user A's member", async () => {
        const userB = await createUser(server.sandbox!, `user-b-${Date.now()}`, api);
        const tokenB = await server.token(userB);
        const memberA = server.sandbox!.demo.members.textMfa;

        const read = await server.gql<{ member: unknown; members: unknown[] }>(
          `query($guid: ID!) { member(guid: $guid) { guid accountOwners { guid } } members { guid } }`,
          { guid: memberA },
          { token: tokenB },
        );
        assert.equal(read.errors, undefined);
        assert.equal(read.data?.member, null);
        assert.deepEqual(read.data?.members, []);

        const identify = await server.gql(IDENTIFY, { guid: memberA }, { token: tokenB });
        assert.deepEqual(codes(identify), ["NOT_FOUND"]);
        const answer = await server.gql(
          ANSWER,
          {
            guid: memberA,
            answers: [{ challengeGuid: "CRD-1ec152cd-e628-e81a-e852-d1e7104624da", value: "correct" }],
          },
          { token: tokenB },
        );
        assert.deepEqual(codes(answer), ["NOT_FOUND"]);
        assert.equal(server.sandbox!.controls.getMember(memberA)?.["is_being_aggregated"], false);
      });
    });

    describe("input checks before any upstream call", () => {
      test("malformed guids, empty answers and bad paging → BAD_USER_INPUT, no upstream call", async () => {
        const cases: Array<[string, Record<string, unknown>]> = [
          [`query($guid: ID!) { member(guid: $guid) { guid } }`, { guid: "../../institutions" }],
          [IDENTIFY, { guid: "MBR-not valid" }],
          [ANSWER, { guid: server.sandbox!.demo.members.textMfa, answers: [] }],
          [
            ANSWER,
            { guid: server.sandbox!.demo.members.textMfa, answers: [{ challengeGuid: "nope", value: "x" }] },
          ],
          [
            `query($guid: ID!) { member(guid: $guid) { transactions(perPage: 0) { nodes { guid } } } }`,
            { guid: server.sandbox!.demo.members.noMfa },
          ],
          [`{ institution(code: "a/b") { name } }`, {}],
        ];
        for (const [query, variables] of cases) {
          server.sandbox!.calls.reset();
          const res = await server.gql(query, variables);
          assert.deepEqual(codes(res), ["BAD_USER_INPUT"], query);
          if (!query.includes("transactions")) assert.equal(server.sandbox!.calls.count(), 0, query);
        }
      });

      test("answers to challenges that are not pending → BAD_USER_INPUT, and resume is never called", async () => {
        const { guid, token } = await freshMember(server, "challenge");
        await server.gql(IDENTIFY, { guid }, { token });
        server.sandbox!.controls.settle(guid);
        server.sandbox!.calls.reset();
        const res = await server.gql(
          ANSWER,
          {
            guid,
            answers: [{ challengeGuid: "CRD-00000000-0000-0000-0000-000000000000", value: "correct" }],
          },
          { token },
        );
        assert.deepEqual(codes(res), ["BAD_USER_INPUT"]);
        assert.equal(server.sandbox!.calls.count({ route: `${ROUTE}/resume` }), 0);
      });

      test("answerMfa on a member that is not CHALLENGED → MFA_NOT_PENDING", async () => {
        const res = await server.gql(ANSWER, {
          guid: server.sandbox!.demo.members.fourAccounts,
          answers: [{ challengeGuid: "CRD-1ec152cd-e628-e81a-e852-d1e7104624da", value: "correct" }],
        });
        assert.deepEqual(codes(res), ["MFA_NOT_PENDING"]);
        assert.equal(server.sandbox!.calls.count({ route: `${ROUTE}/resume` }), 0);
      });

      test("concurrent answers for one member: one reaches upstream, the others get MFA_NOT_PENDING", async () => {
        const { guid, token } = await freshMember(server, "challenge");
        await server.gql(IDENTIFY, { guid }, { token });
        server.sandbox!.controls.settle(guid);
        assert.equal(server.sandbox!.controls.getMember(guid)?.["connection_status"], "CHALLENGED");
        const status = await server.gql<{ member: { challenges: Array<{ guid: string }> } }>(
          `query($guid: ID!) { member(guid: $guid) { challenges { guid } } }`,
          { guid },
          { token },
        );
        const challengeGuid = status.data!.member.challenges[0]!.guid;
        server.sandbox!.calls.reset();
        const results = await Promise.all(
          [1, 2, 3].map(() =>
            server.gql(ANSWER, { guid, answers: [{ challengeGuid, value: "correct" }] }, { token }),
          ),
        );
        const ok = results.filter((r) => !r.errors);
        assert.equal(ok.length, 1);
        for (const r of results.filter((r) => r.errors)) assert.deepEqual(codes(r), ["MFA_NOT_PENDING"]);
        assert.equal(server.sandbox!.calls.count({ route: `${ROUTE}/resume` }), 1);
        await waitFor(
          () => server.sandbox!.controls.getMember(guid)?.["connection_status"],
          (s) => s === "CONNECTED",
        );
      });
    });

    test("a member with 4 accounts costs at most one upstream call per endpoint", async () => {
      const guid = server.sandbox!.demo.members.fourAccounts;
      await server.gql(IDENTIFY, { guid });
      server.sandbox!.controls.settle(guid);
      server.sandbox!.calls.reset();
      const res = await server.gql<{ member: { accounts: Array<{ owners: unknown[] }> } }>(
        `query($guid: ID!) {
          member(guid: $guid) {
            guid
            accounts { guid owners { ownerName } accountNumbers { accountNumber } again: owners { email } }
            accountOwners { guid }
            accountNumbers { accountNumber }
            challenges { guid }
            alias: accounts { guid accountNumbers { routingNumber } }
          }
        }`,
        { guid },
      );
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      assert.equal(res.data?.member.accounts.length, 4);
      for (const endpoint of ["", "/accounts", "/account_owners", "/account_numbers", "/challenges"]) {
        assert.ok(server.sandbox!.calls.count({ route: `${ROUTE}${endpoint}` }) <= 1, endpoint);
      }
      assert.equal(server.sandbox!.calls.count({ route: UPSTREAM_ROUTES.accountAccountNumbers }), 0);
      assert.equal(server.sandbox!.calls.count(), 5);
    });

    test("no log line of the run contains the API key, client id or a token", () => {
      const token = server.demoToken!;
      const basic = Buffer.from(`${server.sandbox!.clientId}:${server.sandbox!.apiKey}`).toString("base64");
      server.logs.assertNoSecrets([server.sandbox!.apiKey, server.sandbox!.clientId, basic, token]);
      const numbers = Object.values(server.sandbox!.demo.members).flatMap((m) =>
        server.sandbox!.controls.getAccountNumbers(m).map((n) => String(n["account_number"])),
      );
      server.logs.assertNoSecrets(numbers);
    });
  });
}
