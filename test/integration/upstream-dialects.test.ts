import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { waitFor } from "../helpers/start-test-server.js";
import { freshMember, UPSTREAM_APIS } from "../helpers/sandbox-http.js";
import { ANSWER, IDENTIFY } from "../helpers/ws-clients.js";
import { useTestServer } from "../helpers/fixtures.js";

const STATUS = `query($guid: ID!) {
  member(guid: $guid) {
    identifier status
    memberStatus { connectionStatus isFinal challenges { guid options { value } } }
    accountOwners { guid }
  }
}`;

interface StatusData {
  member: {
    identifier: string | null;
    status: string | null;
    memberStatus: {
      connectionStatus: string;
      isFinal: boolean;
      challenges: Array<{ guid: string; options: Array<{ value: string }> }>;
    };
    accountOwners: Array<{ guid: string }>;
  };
}

/** The headers that name each API (PLATFORM.md "Transport"); a request must carry its own and none of the other's. */
const OWN_HEADERS = {
  atrium: ["mx-api-key", "mx-client-id", "accept"],
  platform: ["authorization", "accept-version", "accept"],
} as const;
const FOREIGN_HEADERS = {
  atrium: ["authorization", "accept-version"],
  platform: ["mx-api-key", "mx-client-id"],
} as const;

for (const api of UPSTREAM_APIS) {
  describe(`the server speaks ${api}`, () => {
    const server = useTestServer({ api });

    test(`a whole identify flow sends only ${api} requests, with ${api}'s headers`, async () => {
      const { guid, token } = await freshMember(server, "options");
      server.sandbox!.calls.reset();
      const read = async (): Promise<StatusData["member"]> => {
        const res = await server.gql<StatusData>(STATUS, { guid }, { token });
        assert.equal(res.errors, undefined, JSON.stringify(res.errors));
        return res.data!.member;
      };
      await server.gql(IDENTIFY, { guid }, { token });
      const challenged = await waitFor(read, (m) => m.memberStatus.connectionStatus === "CHALLENGED");
      const challenge = challenged.memberStatus.challenges[0]!;
      const answer = await server.gql(
        ANSWER,
        { guid, answers: [{ challengeGuid: challenge.guid, value: "correct" }] },
        { token },
      );
      assert.equal(answer.errors, undefined, JSON.stringify(answer.errors));
      const final = await waitFor(read, (m) => m.memberStatus.isFinal);
      assert.equal(final.memberStatus.connectionStatus, "CONNECTED");
      assert.ok(final.accountOwners.length > 0);
      // The job status exists on Atrium only; the Platform API has none (a nullable field).
      if (api === "platform") assert.equal(final.status, null);
      else assert.equal(final.status, "COMPLETED");

      const calls = server.sandbox!.calls.list();
      assert.ok(calls.length >= 6, `the flow made upstream calls (${calls.length})`);
      for (const call of calls) {
        assert.equal(call.dialect, api, `${call.method} ${call.route}`);
        for (const name of OWN_HEADERS[api])
          assert.ok(call.headerNames.includes(name), `${call.route}: ${name}`);
        for (const name of FOREIGN_HEADERS[api])
          assert.ok(!call.headerNames.includes(name), `${call.route} must not carry ${name}`);
      }
      const resume = calls.filter((c) => c.route.endsWith("/resume"));
      const identify = calls.filter((c) => c.route.endsWith("/identify"));
      for (const call of [...identify, ...resume])
        assert.ok(
          call.headerNames.includes("content-type"),
          `${call.route}: MX requires Content-Type on POST and PUT`,
        );
      assert.deepEqual(
        [...identify, ...resume].map((c) => c.status),
        api === "platform" ? [202, 202] : [200, 200],
        "identify and resume answer 202 on the Platform API, 200 on Atrium",
      );
    });
  });
}
