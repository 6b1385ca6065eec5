// MFA flows as a partner backend drives them: identify → poll → list challenges → resume → poll.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type WireChallenge, type WireMember } from "../../src/sandbox/sandbox.js";
import {
  atrium,
  createMember,
  createUser,
  memberPath,
  pollStatus,
  readStatus,
} from "../helpers/sandbox-http.js";
import { useSandbox } from "../helpers/fixtures.js";

const sandbox = useSandbox({ speed: 20 });

/** A fresh user with one member of `password`, identified and polled until it pauses or ends. */
async function identified(password: string): Promise<{ userGuid: string; memberGuid: string }> {
  const userGuid = await createUser(sandbox);
  const member = await createMember(sandbox, userGuid, { password });
  assert.equal((await atrium(sandbox, "POST", memberPath(userGuid, member.guid, "/identify"))).status, 200);
  await pollStatus(sandbox, userGuid, member.guid);
  return { userGuid, memberGuid: member.guid };
}

async function challenges(userGuid: string, memberGuid: string): Promise<WireChallenge[]> {
  const res = await atrium<{ challenges: WireChallenge[] }>(
    sandbox,
    "GET",
    memberPath(userGuid, memberGuid, "/challenges"),
  );
  assert.equal(res.status, 200);
  return res.body.challenges;
}

async function resume(userGuid: string, memberGuid: string, answers: Array<{ guid: string; value: string }>) {
  return atrium<{ member: WireMember }>(sandbox, "PUT", memberPath(userGuid, memberGuid, "/resume"), {
    member: { challenges: answers },
  });
}

async function answerAndPoll(userGuid: string, memberGuid: string, value: string) {
  const [challenge] = await challenges(userGuid, memberGuid);
  assert.ok(challenge);
  const res = await resume(userGuid, memberGuid, [{ guid: challenge.guid, value }]);
  assert.equal(res.status, 200);
  assert.equal(res.body.member.connection_status, "RESUMED");
  assert.equal(res.body.member.status, "RECEIVED");
  assert.equal(res.body.member.is_being_aggregated, true);
  const readings = await pollStatus(sandbox, userGuid, memberGuid);
  return { challenge, final: readings.at(-1) };
}

void describe("TEXT challenge (password challenge)", () => {
  void it("answer correct → CONNECTED, owners readable", async () => {
    const { userGuid, memberGuid } = await identified("challenge");
    const { final } = await answerAndPoll(userGuid, memberGuid, "correct");
    assert.equal(final?.connection_status, "CONNECTED");
    assert.equal(final?.is_being_aggregated, false);
    const owners = await atrium<{ account_owners: unknown[] }>(
      sandbox,
      "GET",
      memberPath(userGuid, memberGuid, "/account_owners"),
    );
    assert.ok(owners.body.account_owners.length > 0);
  });

  void it("answer challenge → a second TEXT round with a new guid → correct → CONNECTED", async () => {
    const { userGuid, memberGuid } = await identified("challenge");
    const first = await answerAndPoll(userGuid, memberGuid, "challenge");
    assert.equal(first.final?.connection_status, "CHALLENGED");
    const [second] = first.final?.challenges ?? [];
    assert.equal(second?.type, "TEXT");
    assert.notEqual(second?.guid, first.challenge.guid);
    const done = await answerAndPoll(userGuid, memberGuid, "correct");
    assert.equal(done.final?.connection_status, "CONNECTED");
  });

  void it("answering challenge again in the second round is wrong → REJECTED", async () => {
    const { userGuid, memberGuid } = await identified("challenge");
    await answerAndPoll(userGuid, memberGuid, "challenge");
    const { final } = await answerAndPoll(userGuid, memberGuid, "challenge");
    assert.equal(final?.connection_status, "REJECTED");
  });

  void it("a wrong answer → REJECTED, job over, nothing revealed", async () => {
    const { userGuid, memberGuid } = await identified("challenge");
    const { final } = await answerAndPoll(userGuid, memberGuid, "Correct");
    assert.deepEqual(
      [final?.connection_status, final?.status, final?.is_being_aggregated],
      ["REJECTED", "REJECTED", false],
    );
    assert.equal((await atrium(sandbox, "GET", memberPath(userGuid, memberGuid, "/challenges"))).status, 204);
    assert.deepEqual(sandbox.controls.getAccountOwners(memberGuid), []);
  });
});

void describe("OPTIONS and IMAGE_DATA challenges", () => {
  void it("OPTIONS offers an option whose value is correct among wrong ones; choosing it connects", async () => {
    const { userGuid, memberGuid } = await identified("options");
    const [challenge] = await challenges(userGuid, memberGuid);
    assert.equal(challenge?.type, "OPTIONS");
    const values = challenge?.options?.map((o) => o.value) ?? [];
    assert.ok(values.includes("correct") && values.length >= 3, JSON.stringify(values));
    const { final } = await answerAndPoll(userGuid, memberGuid, "correct");
    assert.equal(final?.connection_status, "CONNECTED");
  });

  void it("OPTIONS: choosing a wrong option → REJECTED", async () => {
    const { userGuid, memberGuid } = await identified("options");
    const [challenge] = await challenges(userGuid, memberGuid);
    const wrong = challenge?.options?.find((o) => o.value !== "correct")?.value ?? "";
    const { final } = await answerAndPoll(userGuid, memberGuid, wrong);
    assert.equal(final?.connection_status, "REJECTED");
  });

  void it("IMAGE_DATA carries a base64 PNG; answer correct connects", async () => {
    const { userGuid, memberGuid } = await identified("image");
    const [challenge] = await challenges(userGuid, memberGuid);
    assert.equal(challenge?.type, "IMAGE_DATA");
    const png = Buffer.from(challenge?.image_data ?? "", "base64");
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { final } = await answerAndPoll(userGuid, memberGuid, "correct");
    assert.equal(final?.connection_status, "CONNECTED");
  });
});

void describe("sandbox extensions: IMAGE_OPTIONS and TOKEN challenges", () => {
  void it("IMAGE_OPTIONS offers image choices {data_uri, label, value}; choosing correct connects", async () => {
    const { userGuid, memberGuid } = await identified("image_options");
    const [challenge] = await challenges(userGuid, memberGuid);
    assert.equal(challenge?.type, "IMAGE_OPTIONS");
    assert.equal(challenge?.options, undefined);
    const choices = challenge?.image_options ?? [];
    assert.ok(choices.length >= 3 && choices.some((c) => c.value === "correct"), JSON.stringify(choices));
    for (const choice of choices) {
      assert.deepEqual(Object.keys(choice).sort(), ["data_uri", "label", "value"]);
      assert.match(choice.data_uri, /^data:image\/[a-z+]+;base64,[A-Za-z0-9+/=]+$/);
    }
    assert.equal(new Set(choices.map((c) => c.data_uri)).size, choices.length);
    const { final } = await answerAndPoll(userGuid, memberGuid, "correct");
    assert.equal(final?.connection_status, "CONNECTED");
  });

  void it("IMAGE_OPTIONS: choosing a wrong image → REJECTED", async () => {
    const { userGuid, memberGuid } = await identified("image_options");
    const [challenge] = await challenges(userGuid, memberGuid);
    const wrong = challenge?.image_options?.find((c) => c.value !== "correct")?.value ?? "";
    const { final } = await answerAndPoll(userGuid, memberGuid, wrong);
    assert.equal(final?.connection_status, "REJECTED");
  });

  void it("TOKEN asks for a code with a label and no choices; correct connects, owners readable", async () => {
    const { userGuid, memberGuid } = await identified("token");
    const [challenge] = await challenges(userGuid, memberGuid);
    assert.equal(challenge?.type, "TOKEN");
    assert.ok((challenge?.label ?? "").length > 0);
    assert.deepEqual([challenge?.options, challenge?.image_options], [undefined, undefined]);
    const { final } = await answerAndPoll(userGuid, memberGuid, "correct");
    assert.equal(final?.connection_status, "CONNECTED");
    assert.ok(sandbox.controls.getAccountOwners(memberGuid).length > 0);
  });

  void it("TOKEN: a wrong code → REJECTED", async () => {
    const { userGuid, memberGuid } = await identified("token");
    const { final } = await answerAndPoll(userGuid, memberGuid, "000000");
    assert.equal(final?.connection_status, "REJECTED");
  });
});

void describe("refused resumes change nothing", () => {
  void it("resume of a member that is not CHALLENGED → 405", async () => {
    const { userGuid, memberGuid } = await identified("password");
    const res = await resume(userGuid, memberGuid, [
      { guid: "CRD-00000000-0000-0000-0000-000000000000", value: "correct" },
    ]);
    assert.equal(res.status, 405);
    assert.equal(typeof (res.body as unknown as { error: { message: string } }).error.message, "string");
  });

  void it("unknown guid, missing answer, missing or mistyped challenges, bad JSON: 422/422/400/422/400", async () => {
    const { userGuid, memberGuid } = await identified("challenge");
    const before = await readStatus(sandbox, userGuid, memberGuid);
    const pending = before.challenges?.[0]?.guid ?? "";
    const path = memberPath(userGuid, memberGuid, "/resume");
    const unknown = await resume(userGuid, memberGuid, [
      { guid: "CRD-11111111-1111-1111-1111-111111111111", value: "correct" },
    ]);
    assert.equal(unknown.status, 422);
    assert.equal((await resume(userGuid, memberGuid, [])).status, 422);
    assert.equal((await atrium(sandbox, "PUT", path, { member: {} })).status, 400);
    assert.equal((await atrium(sandbox, "PUT", path, { member: { challenges: "correct" } })).status, 422);
    assert.equal(
      (await atrium(sandbox, "PUT", path, { member: { challenges: [{ guid: pending, value: 1 }] } })).status,
      422,
    );
    assert.equal((await atrium(sandbox, "PUT", path, undefined, { rawBody: '{"member": {' })).status, 400);
    assert.equal((await atrium(sandbox, "PUT", path)).status, 400);
    assert.deepEqual(await readStatus(sandbox, userGuid, memberGuid), before);
    const { final } = await answerAndPoll(userGuid, memberGuid, "correct");
    assert.equal(final?.connection_status, "CONNECTED");
  });
});

void describe("expiry and forced challenges", () => {
  void it("an unanswered challenge expires (advance fires the expiry); resume is then refused", async () => {
    const { userGuid, memberGuid } = await identified("challenge");
    const [challenge] = await challenges(userGuid, memberGuid);
    sandbox.controls.advance(memberGuid);
    const status = await readStatus(sandbox, userGuid, memberGuid);
    assert.deepEqual([status.connection_status, status.is_being_aggregated], ["EXPIRED", false]);
    assert.equal(
      (await resume(userGuid, memberGuid, [{ guid: challenge?.guid ?? "", value: "correct" }])).status,
      405,
    );
  });

  void it("setMemberStatus CHALLENGED issues a TEXT challenge that resume with correct completes", async () => {
    const userGuid = await createUser(sandbox);
    const member = await createMember(sandbox, userGuid, { password: "password" });
    sandbox.controls.setMemberStatus(member.guid, { connection_status: "CHALLENGED" });
    const status = await readStatus(sandbox, userGuid, member.guid);
    assert.deepEqual(
      [status.connection_status, status.status, status.is_being_aggregated],
      ["CHALLENGED", "CHALLENGED", true],
    );
    assert.equal(status.challenges?.[0]?.type, "TEXT");
    const { final } = await answerAndPoll(userGuid, member.guid, "correct");
    assert.equal(final?.connection_status, "CONNECTED");
  });
});
