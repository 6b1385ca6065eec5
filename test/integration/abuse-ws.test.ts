/**
 * Issue 15, findings 2, 3, 5, 6 and 12 (WebSocket side), each attack against a
 * production-mode server over real sockets.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  heapUsedMbAfterGc,
  startProductionServer,
  type ProductionServer,
} from "../helpers/production-server.js";
import { RawGraphqlWs } from "../helpers/raw-ws.js";
import { useProductionServer } from "../helpers/fixtures.js";
import { waitFor } from "../helpers/start-test-server.js";
import { MEMBER_STATUS } from "../helpers/ws-clients.js";

const OTHER_USER = "USR-99999999-8888-7777-6666-555555555555";

async function refusals(prod: ProductionServer, limit: string): Promise<number> {
  const { values } = await prod.server.metrics.wsRefusals.get();
  return values.find((v) => v.labels.limit === limit)?.value ?? 0;
}

describe("findings 2, 6, 12: limits, schema exposure and errors on graphql-ws", () => {
  const sockets: RawGraphqlWs[] = [];
  const open = async (token: string | undefined): Promise<RawGraphqlWs> => {
    const ws = new RawGraphqlWs(prod.server.wsUrl);
    sockets.push(ws);
    await ws.init(token);
    return ws;
  };
  const stderr: string[] = [];
  const writeStderr = process.stderr.write.bind(process.stderr);
  // Registered before the server, so it runs before the server stops.
  after(() => {
    process.stderr.write = writeStderr;
    for (const ws of sockets) ws.close();
  });
  const prod = useProductionServer({
    env: { WS_MAX_SUBSCRIPTIONS_PER_USER: "150", WS_MAX_SUBSCRIPTIONS: "220", POLL_INTERVAL_MS: "3000" },
  });
  before(() => {
    process.stderr.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      stderr.push(String(chunk));
      return (writeStderr as (...args: unknown[]) => boolean)(chunk, ...rest);
    };
  });

  test("6: no introspection and no suggestions over WebSocket in production", async () => {
    const ws = await open(await prod.token(prod.sandbox!.demo.userGuid));
    ws.subscribe("i", "{ __schema { types { name } } }");
    ws.subscribe("s", `subscription { memberStatu(memberGuid: "MBR-1") { connectionStatus } }`);
    ws.subscribe("t", `subscription { memberStatus(memberGuid: "MBR-1") { connectionStatu } }`);
    await waitFor(
      () => ws.ofType("error").length,
      (n) => n === 3,
    );
    const errors = ws.ofType("error").map((m) => JSON.stringify(m.payload));
    for (const error of errors) assert.match(error, /GRAPHQL_VALIDATION_FAILED/);
    assert.doesNotMatch(errors.join("\n"), /Did you mean|memberStatus"|connectionStatus"/);
    assert.equal(ws.ofType("next").length, 0);
  });

  test("2: 20,000 subscribes on one socket: 100 accepted, the rest refused, bounded heap", async (t) => {
    const heapBefore = heapUsedMbAfterGc();
    const ws = await open(await prod.token(prod.sandbox!.demo.userGuid));
    const guid = prod.sandbox!.demo.members.noMfa;
    for (let i = 0; i < 20_000; i++) ws.subscribe(`s${i}`, MEMBER_STATUS, { guid });
    await waitFor(
      () => ws.errorsWithCode("SUBSCRIPTION_LIMIT_EXCEEDED").length,
      (n) => n === 19_900,
      { timeoutMs: 30_000 },
    );
    const accepted = new Set(ws.ofType("next").map((m) => m.id));
    await waitFor(
      () => new Set(ws.ofType("next").map((m) => m.id)).size,
      (n) => n === 100,
    );
    assert.equal(accepted.size <= 100, true);
    const grownMb = heapUsedMbAfterGc() - heapBefore;
    t.diagnostic(`heap +${grownMb.toFixed(1)} MB after 20,000 subscribes`);
    assert.ok(grownMb < 30, `heap grew ${grownMb.toFixed(1)} MB`);
    assert.equal(ws.closeCode, undefined, "the socket stays open");
    // Per user: a second socket of the same user gets 50 more (150 per user).
    const second = await open(await prod.token(prod.sandbox!.demo.userGuid));
    for (let i = 0; i < 100; i++) second.subscribe(`u${i}`, MEMBER_STATUS, { guid });
    await waitFor(
      () => second.errorsWithCode("SUBSCRIPTION_LIMIT_EXCEEDED").length,
      (n) => n === 50,
    );
    // Per process: another user gets the 70 left of 220.
    const other = await open(await prod.token(OTHER_USER));
    for (let i = 0; i < 100; i++)
      other.subscribe(`p${i}`, MEMBER_STATUS, { guid: "MBR-00000000-0000-0000-0000-000000000000" });
    await waitFor(
      () => other.errorsWithCode("SUBSCRIPTION_LIMIT_EXCEEDED").length,
      (n) => n === 30,
    );
    for (const s of [ws, second, other]) s.close();
  });

  test("2: one token's 26th socket is closed with 4429", async () => {
    const token = await prod.token("USR-12121212-3434-5656-7878-909090909090");
    const held: RawGraphqlWs[] = [];
    for (let i = 0; i < 25; i++) held.push(await open(token));
    const extra = new RawGraphqlWs(prod.server.wsUrl);
    sockets.push(extra);
    await assert.rejects(extra.init(token));
    assert.equal(await extra.closed, 4429);
    // Closing one frees a place.
    held[0]!.close();
    await held[0]!.closed;
    await waitFor(
      async () => {
        const retry = new RawGraphqlWs(prod.server.wsUrl);
        sockets.push(retry);
        return retry.init(token).then(
          () => true,
          () => false,
        );
      },
      (ok) => ok,
      { timeoutMs: 5000 },
    );
  });

  test("12: 30,000-level nested variables → BAD_REQUEST, the socket stays open; nothing on stderr", async () => {
    const ws = await open(await prod.token(prod.sandbox!.demo.userGuid));
    const deep = `${"[".repeat(30_000)}${"]".repeat(30_000)}`;
    ws.send(
      `{"id":"d","type":"subscribe","payload":{"query":"subscription($guid: ID!) { memberStatus(memberGuid: $guid) { connectionStatus } }","variables":{"guid":${deep}}}}`,
    );
    await waitFor(
      () => ws.errorsWithCode("BAD_REQUEST").length,
      (n) => n === 1,
    );
    assert.equal(ws.closeCode, undefined);
    // Protocol abuse still closes with graphql-ws's codes, quietly.
    const oversized = await open(await prod.token(prod.sandbox!.demo.userGuid));
    oversized.send("x".repeat(70_000));
    assert.equal(await oversized.closed, 1009);
    const garbage = await open(await prod.token(prod.sandbox!.demo.userGuid));
    garbage.send("{not json");
    assert.equal(await garbage.closed, 4400);
    assert.deepEqual(
      stderr.filter((line) => /\n\s+at /.test(line) || /Internal error/.test(line)),
      [],
    );
  });
});

describe("finding 3: a socket's token expires", () => {
  const prod = useProductionServer({ env: { POLL_INTERVAL_MS: "100", POLL_IDLE_INTERVAL_MS: "200" } });

  test("the socket is closed with 4403 at expiry and nothing arrives after it", async () => {
    const ws = new RawGraphqlWs(prod.server.wsUrl);
    await ws.init(await prod.token(prod.sandbox!.demo.userGuid, "2s"));
    ws.subscribe("live", MEMBER_STATUS, { guid: prod.sandbox!.demo.members.noMfa });
    await waitFor(
      () => ws.ofType("next").length,
      (n) => n >= 1,
    );
    const code = await ws.closed;
    assert.equal(code, 4403);
    assert.ok((await refusals(prod, "token-expired")) >= 1);
  });
});

describe("finding 5: a client that stops reading", () => {
  const prod = useProductionServer({
    env: {
      POLL_INTERVAL_MS: "20",
      POLL_IDLE_INTERVAL_MS: "40",
      WS_MAX_SUBSCRIPTIONS_PER_SOCKET: "1000",
      WS_MAX_SUBSCRIPTIONS_PER_USER: "2000",
      WS_MAX_BUFFERED_BYTES: "262144",
      WS_KEEPALIVE_MS: "60000",
    },
  });

  test("its outbound buffer is capped: closed 1008, bounded heap, a victim keeps receiving", async (t) => {
    const { demo } = prod.sandbox!;
    const guid = demo.members.fourAccounts;
    const slow = new RawGraphqlWs(prod.server.wsUrl);
    await slow.init(await prod.token(demo.userGuid));
    for (let i = 0; i < 1000; i++) slow.subscribe(`s${i}`, MEMBER_STATUS, { guid });
    await waitFor(
      () => slow.ofType("next").length,
      (n) => n >= 1000,
    );
    const victim = new RawGraphqlWs(prod.server.wsUrl);
    await victim.init(await prod.token(demo.userGuid));
    victim.subscribe("v", MEMBER_STATUS, { guid });
    heapUsedMbAfterGc();
    const before = process.memoryUsage();
    slow.pauseReading();
    const pong = setInterval(() => slow.socket.pong(), 50);
    const statuses = ["CONNECTED", "DEGRADED"];
    let flips = 0;
    const flipper = setInterval(() => {
      prod.sandbox!.controls.setMemberStatus(guid, {
        connection_status: statuses[flips++ % 2],
      });
    }, 50);
    try {
      await waitFor(
        () => refusals(prod, "slow-consumer"),
        (n) => n === 1,
        { timeoutMs: 30_000 },
      );
      const victimBefore = victim.ofType("next").length;
      await waitFor(
        () => victim.ofType("next").length,
        (n) => n >= victimBefore + 2,
      );
    } finally {
      clearInterval(flipper);
      clearInterval(pong);
    }
    const after = (heapUsedMbAfterGc() * 1e6 - before.heapUsed) / 1e6;
    t.diagnostic(`status flips ${flips}; heap +${after.toFixed(1)} MB after the slow socket was dropped`);
    assert.ok(after < 30, `heap grew ${after.toFixed(1)} MB`);
    victim.close();
    slow.close();
  });

  test("unsolicited pongs do not keep a socket that never answers pings", async () => {
    const quick = await startProductionServer({ env: { WS_KEEPALIVE_MS: "300" } });
    try {
      const ws = new RawGraphqlWs(quick.server.wsUrl, { autoPong: false });
      await ws.init(await quick.token(quick.sandbox!.demo.userGuid));
      const pong = setInterval(() => ws.socket.pong(), 50);
      try {
        await ws.closed;
      } finally {
        clearInterval(pong);
      }
      assert.equal(await refusals(quick, "keep-alive"), 1);
      // A client that answers pings stays.
      const good = new RawGraphqlWs(quick.server.wsUrl);
      await good.init(await quick.token(quick.sandbox!.demo.userGuid));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(good.closeCode, undefined);
      good.close();
    } finally {
      await quick.close();
    }
  });
});
