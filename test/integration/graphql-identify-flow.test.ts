import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { waitFor } from "../helpers/start-test-server.js";
import { freshMember, UPSTREAM_APIS } from "../helpers/sandbox-http.js";
import { useTestServer } from "../helpers/fixtures.js";

const STATUS = `query Status($guid: ID!) {
  member(guid: $guid) {
    memberStatus { connectionStatus isBeingAggregated isFinal needsUserAction userMessage
      challenges { guid type label imageData options { label value } } }
  }
}`;
const IDENTIFY = `mutation Identify($guid: ID!, $tx: Boolean) {
  identifyMember(memberGuid: $guid, includeTransactions: $tx) { alreadyRunning member { guid status isBeingAggregated } }
}`;
const ANSWER = `mutation Answer($guid: ID!, $answers: [MfaAnswerInput!]!) {
  answerMfa(memberGuid: $guid, answers: $answers) { member { guid connectionStatus } }
}`;
const RESULTS = `query Results($guid: ID!) {
  member(guid: $guid) {
    connectionStatus isBeingAggregated
    accountOwners { guid accountGuid memberGuid ownerName address city state postalCode country email phone }
    accountNumbers { guid accountGuid accountNumber routingNumber }
    transactions(perPage: 5) { nodes { guid amount } pageInfo { totalEntries } }
  }
}`;

interface StatusView {
  connectionStatus: string;
  isBeingAggregated: boolean;
  isFinal: boolean;
  needsUserAction: boolean;
  userMessage: string | null;
  challenges: Array<{
    guid: string;
    type: string;
    imageData: string | null;
    options: Array<{ value: string }>;
  }>;
}

interface ImageOptionsChallenge {
  guid: string;
  type: string;
  options: unknown[];
  imageOptions: Array<{ label: string; value: string; dataUri: string | null }>;
}

for (const api of UPSTREAM_APIS) {
  describe(`upstream dialect: ${api}`, () => {
    const server = useTestServer({ api });

    /** Who acts: the member guid and its owner's token (undefined = the demo user). */
    interface Actor {
      guid: string;
      token?: string;
    }

    async function status({ guid, token }: Actor): Promise<StatusView> {
      const res = await server.gql<{ member: { memberStatus: StatusView } }>(STATUS, { guid }, { token });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      return res.data!.member.memberStatus;
    }

    const waitChallenged = (a: Actor) =>
      waitFor(
        () => status(a),
        (s) => s.connectionStatus === "CHALLENGED",
      );
    const waitFinal = (a: Actor) =>
      waitFor(
        () => status(a),
        (s) => s.isFinal,
      );

    async function identify({ guid, token }: Actor, tx = false): Promise<{ alreadyRunning: boolean }> {
      const res = await server.gql<{ identifyMember: { alreadyRunning: boolean } }>(
        IDENTIFY,
        { guid, tx },
        { token },
      );
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      return res.data!.identifyMember;
    }

    async function answer({ guid, token }: Actor, challengeGuid: string, value: string): Promise<void> {
      const res = await server.gql(ANSWER, { guid, answers: [{ challengeGuid, value }] }, { token });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    }

    async function assertResultsMatchSandbox(
      { guid, token }: Actor,
      withTransactions: boolean,
    ): Promise<void> {
      const res = await server.gql<{
        member: {
          connectionStatus: string;
          accountOwners: Array<Record<string, unknown>>;
          accountNumbers: Array<Record<string, unknown>>;
          transactions: { pageInfo: { totalEntries: number } };
        };
      }>(RESULTS, { guid }, { token });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      const member = res.data!.member;
      assert.equal(member.connectionStatus, "CONNECTED");
      const heldOwners = server.sandbox!.controls.getAccountOwners(guid);
      assert.ok(heldOwners.length > 0, "the sandbox holds owners after identification");
      assert.deepEqual(
        member.accountOwners
          .map((o) => [o["guid"], o["ownerName"], o["email"], o["phone"], o["postalCode"]])
          .sort(),
        heldOwners.map((o) => [o["guid"], o["owner_name"], o["email"], o["phone"], o["postal_code"]]).sort(),
      );
      const heldNumbers = server.sandbox!.controls.getAccountNumbers(guid);
      assert.ok(heldNumbers.length > 0);
      assert.deepEqual(
        member.accountNumbers.map((n) => [n["accountGuid"], n["accountNumber"], n["routingNumber"]]).sort(),
        heldNumbers.map((n) => [n["account_guid"], n["account_number"], n["routing_number"]]).sort(),
      );
      const total = member.transactions.pageInfo.totalEntries;
      if (withTransactions) assert.ok(total > 0, "includeTransactions brings transactions");
      else assert.equal(total, 0, "no transactions without includeTransactions");
    }

    describe("the identify flow over HTTP", () => {
      test("no MFA: identify, poll to CONNECTED, read owners and numbers; no transactions unless asked", async () => {
        const actor = await freshMember(server, "password");
        assert.equal((await identify(actor)).alreadyRunning, false);
        const final = await waitFinal(actor);
        assert.equal(final.connectionStatus, "CONNECTED");
        assert.equal(final.isBeingAggregated, false);
        assert.equal(final.needsUserAction, false);
        await assertResultsMatchSandbox(actor, false);
      });

      // The Platform API's identify (v20111101) takes no body: includeTransactions has no effect there.
      test("includeTransactions brings transactions on Atrium only", async () => {
        const actor = await freshMember(server, "password");
        await identify(actor, true);
        await waitFinal(actor);
        await assertResultsMatchSandbox(actor, api === "atrium");
      });

      test("TEXT MFA in two rounds: `challenge` passes the first, `correct` the second", async () => {
        const demo = { guid: server.sandbox!.demo.members.textMfa };
        await identify(demo);
        const first = await waitChallenged(demo);
        assert.equal(first.challenges[0]?.type, "TEXT");
        assert.equal(first.needsUserAction, true);
        assert.equal(first.isFinal, false);
        await answer(demo, first.challenges[0].guid, "challenge");
        const second = await waitFor(
          () => status(demo),
          (s) => s.connectionStatus === "CHALLENGED" && s.challenges[0]?.guid !== first.challenges[0]!.guid,
        );
        await answer(demo, second.challenges[0]!.guid, "correct");
        assert.equal((await waitFinal(demo)).connectionStatus, "CONNECTED");
        await assertResultsMatchSandbox(demo, false);
      });

      test("OPTIONS MFA: the option whose value is `correct`", async () => {
        const demo = { guid: server.sandbox!.demo.members.optionsMfa };
        await identify(demo);
        const challenged = await waitChallenged(demo);
        const challenge = challenged.challenges[0]!;
        assert.equal(challenge.type, "OPTIONS");
        const option = challenge.options.find((o) => o.value === "correct");
        assert.ok(option, "an option with value `correct`");
        await answer(demo, challenge.guid, option.value);
        assert.equal((await waitFinal(demo)).connectionStatus, "CONNECTED");
        await assertResultsMatchSandbox(demo, false);
      });

      test("IMAGE_DATA MFA: image data is delivered, `correct` passes", async () => {
        const demo = { guid: server.sandbox!.demo.members.imageMfa };
        await identify(demo);
        const challenge = (await waitChallenged(demo)).challenges[0]!;
        assert.equal(challenge.type, "IMAGE_DATA");
        assert.ok((challenge.imageData ?? "").length > 20);
        await answer(demo, challenge.guid, "correct");
        assert.equal((await waitFinal(demo)).connectionStatus, "CONNECTED");
        await assertResultsMatchSandbox(demo, false);
      });

      test("IMAGE_OPTIONS MFA (sandbox extension): image choices with data URIs, the `correct` one passes", async () => {
        const demo = { guid: server.sandbox!.demo.members.imageOptionsMfa };
        await identify(demo);
        await waitChallenged(demo);
        const res = await server.gql<{ member: { memberStatus: { challenges: ImageOptionsChallenge[] } } }>(
          `query($guid: ID!) { member(guid: $guid) { memberStatus { challenges { guid type options { value } imageOptions { label value dataUri } } } } }`,
          { guid: demo.guid },
        );
        const challenge = res.data!.member.memberStatus.challenges[0]!;
        assert.equal(challenge.type, "IMAGE_OPTIONS");
        assert.deepEqual(challenge.options, []);
        assert.ok(challenge.imageOptions.length >= 3);
        for (const option of challenge.imageOptions) assert.match(option.dataUri ?? "", /^data:image\//);
        assert.ok(challenge.imageOptions.some((o) => o.value === "correct"));
        const challengeGuid = challenge.guid;
        await answer(demo, challengeGuid, "correct");
        assert.equal((await waitFinal(demo)).connectionStatus, "CONNECTED");
        await assertResultsMatchSandbox(demo, false);
      });

      test("TOKEN MFA (sandbox extension): a labelled code question, `correct` passes", async () => {
        const demo = { guid: server.sandbox!.demo.members.tokenMfa };
        await identify(demo);
        const challenge = (await waitChallenged(demo)).challenges[0]!;
        assert.equal(challenge.type, "TOKEN");
        assert.deepEqual([challenge.imageData, challenge.options], [null, []]);
        await answer(demo, challenge.guid, "correct");
        assert.equal((await waitFinal(demo)).connectionStatus, "CONNECTED");
        await assertResultsMatchSandbox(demo, false);
      });

      test("a wrong MFA answer ends REJECTED, and owners stay hidden", async () => {
        const actor = await freshMember(server, "challenge");
        await identify(actor);
        const challenge = (await waitChallenged(actor)).challenges[0]!;
        await answer(actor, challenge.guid, "wrong answer");
        const final = await waitFinal(actor);
        assert.equal(final.connectionStatus, "REJECTED");
        assert.equal(final.needsUserAction, true);
        const res = await server.gql<{ member: { accountOwners: unknown[] } }>(
          `query($guid: ID!) { member(guid: $guid) { accountOwners { guid } } }`,
          { guid: actor.guid },
          { token: actor.token },
        );
        assert.deepEqual(res.data?.member.accountOwners, []);
      });
    });
  });
}
