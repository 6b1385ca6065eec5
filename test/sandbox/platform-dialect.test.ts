// The sandbox's Platform API dialect (PLATFORM.md): chosen per request by its headers, over the same
// store and jobs as Atrium's, with the Platform API's status codes, headers and shapes.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { atrium, createMember, createUser, memberPath, partnerHeaders } from "../helpers/sandbox-http.js";
import { useSandbox } from "../helpers/fixtures.js";

const sandbox = useSandbox({ speed: 40 });

type Json = Record<string, unknown>;

/** One Platform API request; `headers` replace the defaults (null drops one). */
async function platform(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string | null> = {},
): Promise<{ status: number; contentType: string | null; body: Json }> {
  const merged: Record<string, string> = { ...partnerHeaders(sandbox, "platform") };
  for (const [name, value] of Object.entries(headers)) {
    if (value === null) delete merged[name];
    else merged[name] = value;
  }
  if (body !== undefined) merged["content-type"] = "application/json";
  const res = await atrium<Json>(sandbox, method, path, body, { noAuth: true, headers: merged });
  return { status: res.status, contentType: res.headers.get("content-type"), body: res.body };
}

describe("choosing the dialect by headers", () => {
  it("Basic auth with Accept-Version is the Platform API, MX-API-Key headers are Atrium", async () => {
    const p = await platform("GET", "/institutions/mxbank");
    assert.equal(p.status, 200);
    assert.match(p.contentType ?? "", /^application\/vnd\.mx\.api\.v1\+json/);
    const a = await atrium(sandbox, "GET", "/institutions/mxbank");
    assert.equal(a.status, 200);
    assert.match(a.headers.get("content-type") ?? "", /^application\/vnd\.mx\.atrium\.v1\+json/);
    assert.equal(sandbox.calls.count({ dialect: "platform" }), 1);
    sandbox.controls.injectFault({ route: "/institutions/:institution_code", kind: "503" });
    const faulted = await platform("GET", "/institutions/mxbank");
    assert.equal(faulted.status, 503);
    assert.match(
      faulted.contentType ?? "",
      /^application\/vnd\.mx\.api\.v1\+json/,
      "faults answer in the dialect too",
    );
  });

  it("wrong Basic credentials → 401; a missing or other Accept-Version → 406", async () => {
    const wrong = Buffer.from(`${sandbox.clientId}:nope`).toString("base64");
    assert.equal(
      (await platform("GET", "/users", undefined, { authorization: `Basic ${wrong}` })).status,
      401,
    );
    // MX-API-Key headers do not authenticate a Platform request.
    const keysOnly = await platform("GET", "/users", undefined, {
      authorization: null,
      "mx-api-key": sandbox.apiKey,
      "mx-client-id": sandbox.clientId,
    });
    assert.equal(keysOnly.status, 401);
    assert.equal((await platform("GET", "/users", undefined, { "accept-version": null })).status, 406);
    assert.equal((await platform("GET", "/users", undefined, { "accept-version": "v20250224" })).status, 406);
    assert.equal((await platform("GET", "/users", undefined, { accept: "text/html" })).status, 406);
  });
});

describe("the Platform API's shapes and codes", () => {
  it("users and members carry `id`, members no job `status`", async () => {
    const userGuid = await createUser(sandbox, "platform-shapes", "platform");
    const user = await platform("GET", `/users/${userGuid}`);
    assert.equal((user.body.user as Json).id, "platform-shapes");
    assert.equal("identifier" in (user.body.user as Json), false);
    const { guid: memberGuid } = await createMember(sandbox, userGuid, {
      password: "password",
      api: "platform",
    });
    const member = (await platform("GET", memberPath(userGuid, memberGuid))).body.member as Json;
    assert.equal("status" in member, false);
    assert.equal("identifier" in member, false);
    assert.equal(member.user_id, "platform-shapes");
    assert.equal(typeof member.connection_status_message, "string");
  });

  it("identify (no body) and resume answer 202; challenges come inline and paged; owners have names", async () => {
    const userGuid = await createUser(sandbox, "platform-mfa", "platform");
    const { guid: memberGuid } = await createMember(sandbox, userGuid, {
      password: "options",
      api: "platform",
    });
    const started = await platform("POST", memberPath(userGuid, memberGuid, "/identify"));
    assert.equal(started.status, 202);
    const again = await platform("POST", memberPath(userGuid, memberGuid, "/identify"));
    assert.equal(again.status, 202, "the same job already running is 202 too");
    sandbox.controls.settle(memberGuid);

    const status = (await platform("GET", memberPath(userGuid, memberGuid, "/status"))).body.member as Json;
    assert.equal(status.connection_status, "CHALLENGED");
    assert.equal("status" in status, false);
    assert.equal(status.has_processed_account_numbers, false);
    const inline = status.challenges as Json[];
    assert.equal(inline.length, 1);
    const listed = await platform(
      "GET",
      `${memberPath(userGuid, memberGuid, "/challenges")}?page=1&records_per_page=10`,
    );
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.body.pagination, {
      current_page: 1,
      per_page: 10,
      total_entries: 1,
      total_pages: 1,
    });
    const challenge = (listed.body.challenges as Json[])[0]!;
    assert.deepEqual(challenge, inline[0]);
    const options = challenge.options as Json[];
    assert.ok(
      options.every((o) => typeof o.guid === "string"),
      "options carry a guid",
    );

    const emptyPut = await platform("PUT", memberPath(userGuid, memberGuid, "/resume"), undefined, {
      "content-type": "application/json",
    });
    assert.equal(emptyPut.status, 400, "an empty PUT body answers 400");
    const resumed = await platform("PUT", memberPath(userGuid, memberGuid, "/resume"), {
      member: { challenges: [{ guid: challenge.guid, value: "correct" }] },
    });
    assert.equal(resumed.status, 202);
    sandbox.controls.settle(memberGuid);
    assert.equal((await platform("GET", memberPath(userGuid, memberGuid, "/challenges"))).status, 204);

    const owners = await platform("GET", memberPath(userGuid, memberGuid, "/account_owners"));
    const owner = (owners.body.account_owners as Json[])[0]!;
    assert.ok(owners.body.pagination, "owners are paged");
    assert.equal(`${String(owner.first_name)} ${String(owner.last_name)}`, owner.owner_name);
    const numbers = await platform("GET", memberPath(userGuid, memberGuid, "/account_numbers"));
    assert.equal((numbers.body.account_numbers as Json[])[0]!.passed_validation, true);
    const done = (await platform("GET", memberPath(userGuid, memberGuid, "/status"))).body.member as Json;
    assert.equal(done.has_processed_account_numbers, true);
  });
});
