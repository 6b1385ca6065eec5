/**
 * Issue 15, finding 7: answerMfa reaches upstream exactly once across two
 * instances on Redis and one sandbox, in every interleaving the test can force:
 * a resume slower than the timeout then a retry on the other instance; a resume
 * that hangs (never applied) then a retry; the holder SIGKILLed before the send
 * and after it. The sandbox's call record is the judge.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { atrium, createMember, createUser } from "../helpers/sandbox-http.js";
import { redisSkip, useTwoInstances } from "../helpers/redis.js";
import { runServerProcess, type ServerProcess } from "../helpers/server-process.js";
import { waitFor } from "../helpers/start-test-server.js";
import { ANSWER, IDENTIFY } from "../helpers/ws-clients.js";
import { sleep } from "../helpers/time.js";
import { productionEnv } from "../helpers/production-server.js";

const RESUME = "/users/:user_guid/members/:member_guid/resume";
const CHALLENGES = "/users/:user_guid/members/:member_guid/challenges";
const SHARED_SECRET = "shared-sandbox-test-secret-".padEnd(48, "s");
const LEASE_MS = 1000;
const IN_DOUBT_MS = 4000;

void describe("finding 7: answerMfa exactly once under faults", { skip: redisSkip }, () => {
  const { sandbox, a, b, env } = useTwoInstances({
    env: {
      ATRIUM_TIMEOUT_MS: "500",
      MFA_LOCK_LEASE_MS: String(LEASE_MS),
      MFA_IN_DOUBT_MS: String(IN_DOUBT_MS),
    },
  });

  /** A fresh TEXT-MFA member, identified and CHALLENGED; its pending challenge guid. */
  async function challengedMember(): Promise<{ guid: string; token: string; challenge: string }> {
    const userGuid = await createUser(sandbox, `once-${Math.random().toString(36).slice(2)}`);
    const { guid } = await createMember(sandbox, userGuid, { password: "challenge" });
    const token = await a.token(userGuid);
    await a.gql(IDENTIFY, { guid }, { token });
    await waitFor(
      () => sandbox.controls.getMember(guid)?.connection_status,
      (status) => status === "CHALLENGED",
    );
    const { body } = await atrium<{ challenges: Array<{ guid: string }> }>(
      sandbox,
      "GET",
      `/users/${userGuid}/members/${guid}/challenges`,
    );
    return { guid, token, challenge: body.challenges[0]!.guid };
  }

  async function answer(
    server: { url: string },
    m: { guid: string; token: string; challenge: string },
  ): Promise<string | undefined> {
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${m.token}` },
      body: JSON.stringify({
        query: ANSWER,
        variables: { guid: m.guid, answers: [{ challengeGuid: m.challenge, value: "correct" }] },
      }),
    });
    const body = (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
    return body.errors?.[0]?.extensions?.code;
  }

  const applied = (guid: string): number =>
    sandbox.calls.count({ route: RESUME, memberGuid: guid, faulted: false });

  test("resume slower than the timeout on A, retried on B: refused while in doubt; one resume", async () => {
    const m = await challengedMember();
    sandbox.controls.setLatency(1500, { route: RESUME });
    try {
      assert.equal(await answer(a, m), "UPSTREAM_UNAVAILABLE");
      assert.equal(await answer(b, m), "MFA_NOT_PENDING", "the outcome is in doubt");
      await waitFor(
        () => applied(m.guid),
        (n) => n === 1,
      );
      assert.equal(await answer(b, m), "MFA_NOT_PENDING", "the member left CHALLENGED");
      await sleep(300);
      assert.equal(applied(m.guid), 1);
    } finally {
      sandbox.controls.setLatency(0, { route: RESUME });
    }
  });

  test("resume that hangs (never applied): refused until the bound, then B answers; one resume", async () => {
    const m = await challengedMember();
    sandbox.controls.injectFault({ kind: "hang", route: RESUME, memberGuid: m.guid });
    assert.equal(await answer(a, m), "UPSTREAM_UNAVAILABLE");
    const doubtStarted = Date.now();
    assert.equal(await answer(b, m), "MFA_NOT_PENDING");
    await sleep(IN_DOUBT_MS - (Date.now() - doubtStarted) + 200);
    assert.equal(await answer(b, m), undefined, "the bound passed and the member is still CHALLENGED");
    assert.equal(applied(m.guid), 1);
  });

  for (const when of ["before", "after"] as const) {
    test(`the holder is SIGKILLed ${when} the send: the lock frees within the lease; one resume`, async () => {
      const m = await challengedMember();
      if (when === "before")
        sandbox.controls.injectFault({ kind: "hang", route: CHALLENGES, memberGuid: m.guid });
      else sandbox.controls.setLatency(2500, { route: RESUME });
      const holder: ServerProcess = runServerProcess({
        ...productionEnv(sandbox, SHARED_SECRET),
        ...env,
        ATRIUM_TIMEOUT_MS: "10000",
        LOG_LEVEL: "info",
      });
      try {
        const { url } = JSON.parse(await holder.waitForLine(/"server started"/)) as { url: string };
        const challengesBefore = sandbox.calls.count({ route: CHALLENGES, memberGuid: m.guid });
        void answer({ url }, m).catch(() => undefined);
        await waitFor(
          () => sandbox.calls.count({ route: CHALLENGES, memberGuid: m.guid }),
          (n) => n > challengesBefore,
        );
        await sleep(200); // "after": the resume is on its way upstream
        holder.child.kill("SIGKILL");
        await holder.exited;
        const killedAt = Date.now();
        assert.equal(await answer(b, m), "MFA_NOT_PENDING", "the dead holder's lock, or its answer in doubt");
        await sleep(LEASE_MS + 300 - (Date.now() - killedAt));
        if (when === "before") {
          // The lease lapsed: B takes the member and sends the one resume.
          assert.equal(await answer(b, m), undefined);
        } else {
          assert.equal(await answer(b, m), "MFA_NOT_PENDING", "the dead holder's answer is in flight");
          await waitFor(
            () => applied(m.guid),
            (n) => n === 1,
          );
        }
        await sleep(300);
        assert.equal(applied(m.guid), 1);
      } finally {
        holder.child.kill("SIGKILL");
        sandbox.controls.clearFaults();
        sandbox.controls.setLatency(0, { route: RESUME });
      }
    });
  }
});
