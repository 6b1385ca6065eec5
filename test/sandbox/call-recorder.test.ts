// The call recorder counts API requests by route template, member, user and method.
import assert from "node:assert/strict";
import { beforeEach, describe, it } from "node:test";
import { RingCallRecorder, UNMATCHED_ROUTE } from "../../src/sandbox/call-recorder.js";
import { atrium, partnerHeaders, memberPath } from "../helpers/sandbox-http.js";
import { UPSTREAM_ROUTES } from "../../src/domain/upstream-routes.js";
import { useSandbox } from "../helpers/fixtures.js";

const sandbox = useSandbox({ speed: 20 });
beforeEach(() => sandbox.calls.reset());

const STATUS = UPSTREAM_ROUTES.status;

void describe("call recorder", () => {
  void it("records route templates, guids, statuses and times", async () => {
    const { userGuid, members } = sandbox.demo;
    const started = Date.now();
    await atrium(sandbox, "GET", memberPath(userGuid, members.noMfa, "/status"));
    await atrium(sandbox, "GET", memberPath(userGuid, members.noMfa, "/status"));
    await atrium(sandbox, "GET", memberPath(userGuid, members.textMfa, "/status"));
    await atrium(sandbox, "GET", `/users/${userGuid}/accounts/ACT-x/account_numbers`);
    await atrium(sandbox, "GET", "/institutions/mxbank");
    assert.equal(sandbox.calls.count(), 5);
    assert.equal(sandbox.calls.count({ route: STATUS }), 3);
    assert.equal(sandbox.calls.count({ route: STATUS, memberGuid: members.noMfa }), 2);
    assert.equal(sandbox.calls.count({ memberGuid: members.textMfa }), 1);
    assert.equal(sandbox.calls.count({ userGuid }), 4);
    assert.equal(sandbox.calls.count({ method: "get", route: UPSTREAM_ROUTES.institution }), 1);
    assert.equal(sandbox.calls.count({ route: UPSTREAM_ROUTES.accountAccountNumbers, userGuid }), 1);
    const [first] = sandbox.calls.list({ route: STATUS });
    assert.ok(first?.headerNames.includes("mx-api-key"), "header names are kept");
    assert.deepEqual(
      { ...first, arrivedAt: 0, at: 0, headerNames: [] },
      {
        method: "GET",
        route: STATUS,
        path: memberPath(userGuid, members.noMfa, "/status"),
        status: 200,
        memberGuid: members.noMfa,
        userGuid,
        arrivedAt: 0,
        at: 0,
        faulted: false,
        dialect: "atrium",
        headerNames: [],
      },
    );
    assert.ok((first?.at ?? 0) >= started);
  });

  void it("records errors and faults (marked), not 401s or control routes", async () => {
    const { userGuid, members } = sandbox.demo;
    await atrium(sandbox, "GET", "/nowhere");
    await atrium(sandbox, "DELETE", memberPath(userGuid, members.noMfa));
    await atrium(sandbox, "GET", "/institutions", undefined, { noAuth: true });
    await atrium(sandbox, "GET", "/institutions", undefined, { headers: { Accept: "text/html" } });
    await fetch(`${sandbox.url}/_sandbox/demo`, { headers: partnerHeaders(sandbox) });
    sandbox.controls.injectFault({ kind: "503", route: STATUS });
    await atrium(sandbox, "GET", memberPath(userGuid, members.noMfa, "/status"));
    const calls = sandbox.calls.list();
    assert.deepEqual(
      calls.map((c) => [c.route, c.status, c.faulted]),
      [
        [UNMATCHED_ROUTE, 404, false],
        [UPSTREAM_ROUTES.member, 405, false],
        ["/institutions", 406, false],
        [STATUS, 503, true],
      ],
    );
    assert.equal(sandbox.calls.count({ faulted: true }), 1);
  });

  void it("reset empties it", async () => {
    await atrium(sandbox, "GET", "/institutions");
    sandbox.calls.reset();
    assert.equal(sandbox.calls.count(), 0);
    assert.deepEqual(sandbox.calls.list(), []);
  });

  void it("keeps only the newest calls beyond its capacity", () => {
    const recorder = new RingCallRecorder(3);
    for (let i = 0; i < 5; i++) {
      recorder.record({
        method: "GET",
        route: "/users",
        path: `/p${i}`,
        status: 200,
        arrivedAt: i,
        at: i,
        faulted: false,
        dialect: "atrium",
        headerNames: [],
      });
    }
    assert.deepEqual(
      recorder.list().map((c) => c.path),
      ["/p2", "/p3", "/p4"],
    );
    assert.equal(recorder.count({ route: "/users" }), 3);
  });
});
