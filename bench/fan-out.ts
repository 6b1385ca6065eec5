/**
 * Fan-out: N subscribers of one member's status on one server process, fed by
 * one shared poll loop. Measures delivery delay after the poll that saw each
 * change, memory per idle subscription, and upstream status calls per tick.
 */
import { ThinWsClient } from "./thin-ws-client.js";
import { signUserToken } from "../src/auth/token-verifier.js";
import {
  AUTH_SECRET,
  percentile,
  startSandboxProcess,
  startServerProcess,
  table,
  type ServerProc,
} from "./processes.js";

const SIZES = (process.env["BENCH_FANOUT_SIZES"] ?? "1000,10000").split(",").map(Number);
const PER_SOCKET = 100;
const STATUS_ROUTE = "/users/:user_guid/members/:member_guid/status";
const SUBSCRIPTION = `subscription($guid: ID!) { memberStatus(memberGuid: $guid) { connectionStatus isBeingAggregated isFinal } }`;

interface Received {
  key: string;
  at: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function measure(n: number): Promise<Array<string | number>> {
  const sandbox = await startSandboxProcess({ SANDBOX_SPEED: "1" });
  const server = await startServerProcess(sandbox.url, {
    POLL_INTERVAL_MS: "1000",
    POLL_IDLE_INTERVAL_MS: "5000",
  });
  const clients: ThinWsClient[] = [];
  try {
    const user = (
      await sandbox.control("POST", "/users", { user: { identifier: `fanout-${n}-${Date.now()}` } })
    )["user"] as { guid: string };
    const member = (
      await sandbox.control("POST", `/users/${user.guid}/members`, {
        member: {
          institution_code: "mxbank",
          skip_aggregation: true,
          credentials: [
            { guid: "CRD-9f61fb4c-912c-bd1e-b175-ccc7f0275cc1", value: "test_atrium" },
            { guid: "CRD-e3d7ea81-aac7-05e9-fbdd-4b493c6e474d", value: "challenge" },
          ],
        },
      })
    )["member"] as { guid: string };
    const token = await signUserToken(AUTH_SECRET, user.guid);

    // Warm-up: compiled code, caches and pools that the first subscriptions create once.
    const warm = new ThinWsClient(server.url.replace("http", "ws"), token);
    await warm.ready;
    let warmEvents = 0;
    for (let i = 0; i < 100; i++)
      warm.subscribe(SUBSCRIPTION, { guid: member.guid }, { onNext: () => warmEvents++ });
    while (warmEvents < 100) await sleep(20);
    await warm.close();
    const heapBefore = await settledHeap(server);
    const received: Received[][] = [];
    let firstEvents = 0;
    for (let s = 0; s < Math.ceil(n / PER_SOCKET); s++) {
      const client = new ThinWsClient(server.url.replace("http", "ws"), token);
      await client.ready;
      clients.push(client);
    }
    for (let i = 0; i < n; i++) {
      const log: Received[] = [];
      received.push(log);
      clients[Math.floor(i / PER_SOCKET)]!.subscribe(
        SUBSCRIPTION,
        { guid: member.guid },
        {
          onNext: (payload, at) => {
            const status = (
              payload as {
                data?: { memberStatus?: { connectionStatus: string; isBeingAggregated: boolean } };
              }
            ).data?.memberStatus;
            if (!status) return;
            if (log.length === 0) firstEvents++;
            log.push({ key: `${status.connectionStatus}/${status.isBeingAggregated}`, at });
          },
        },
      );
    }
    while (firstEvents < n) await sleep(50);
    const heapAfter = await settledHeap(server);
    const perSubscriptionKb = (heapAfter - heapBefore) / n / 1024;

    await sandbox.control("DELETE", "/_sandbox/calls");
    const ticksBefore = await server.metric("member_status_poll_ticks_total");
    const started = Date.now();
    const gql = (query: string, variables: Record<string, unknown>) =>
      fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      }).then((r) => r.json() as Promise<{ data?: Record<string, unknown> }>);
    await gql(`mutation($g: ID!) { identifyMember(memberGuid: $g) { alreadyRunning } }`, { g: member.guid });
    // Answer the challenge once the subscribers have seen it, then wait for the end.
    while (!received[0]!.some((r) => r.key.startsWith("CHALLENGED"))) await sleep(20);
    const challenges = await gql(`query($g: ID!) { member(guid: $g) { challenges { guid } } }`, {
      g: member.guid,
    });
    const challengeGuid = (challenges.data?.["member"] as { challenges: Array<{ guid: string }> })
      .challenges[0]!.guid;
    await gql(
      `mutation($g: ID!, $a: [MfaAnswerInput!]!) { answerMfa(memberGuid: $g, answers: $a) { member { guid } } }`,
      {
        g: member.guid,
        a: [{ challengeGuid, value: "correct" }],
      },
    );
    const done = () => received.every((log) => log[log.length - 1]?.key === "CONNECTED/false");
    while (!done()) await sleep(50);
    const seconds = (Date.now() - started) / 1000;

    const ticks = (await server.metric("member_status_poll_ticks_total")) - ticksBefore;
    const calls = (
      (
        await sandbox.control(
          "GET",
          `/_sandbox/calls?route=${encodeURIComponent(STATUS_ROUTE)}&member_guid=${member.guid}`,
        )
      )["calls"] as Array<{ at: number }>
    )
      .map((c) => c.at)
      .sort((a, b) => a - b);

    // Each change after the first event was seen by the latest status poll answered before it arrived anywhere.
    const delays: number[] = [];
    const reference = received[0]!;
    for (let k = 1; k < reference.length; k++) {
      const firstArrival = Math.min(...received.map((log) => log[k]?.at ?? Number.POSITIVE_INFINITY));
      const pollAt = calls.filter((at) => at <= firstArrival).pop();
      if (pollAt === undefined) continue;
      for (const log of received) if (log[k]) delays.push(log[k]!.at - pollAt);
      if (process.env["BENCH_DEBUG"]) {
        const last = Math.max(...received.map((log) => log[k]?.at ?? 0));
        process.stderr.write(
          `change ${k} ${reference[k]!.key}: first ${firstArrival - pollAt} ms, last ${last - pollAt} ms after the poll\n`,
        );
      }
    }
    delays.sort((a, b) => a - b);
    const sameEverywhere = received.every(
      (log) => log.map((r) => r.key).join() === reference.map((r) => r.key).join(),
    );
    return [
      n,
      Math.ceil(n / PER_SOCKET),
      reference.length - 1,
      `${percentile(delays, 50)} / ${percentile(delays, 99)}`,
      perSubscriptionKb.toFixed(2),
      `${calls.length} / ${ticks} = ${(calls.length / Math.max(1, ticks)).toFixed(2)}`,
      sameEverywhere ? "yes" : "NO",
      seconds.toFixed(1),
    ];
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
    await sandbox.stop();
  }
}

/**
 * Heap used once young-generation garbage is gone: a burst of cheap requests
 * makes the server scavenge (promoting what lives, dropping what does not), then
 * the heap is sampled; the lowest of a few rounds.
 */
async function settledHeap(server: ServerProc): Promise<number> {
  let lowest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round++) {
    await Promise.all(
      Array.from({ length: 200 }, () =>
        fetch(server.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ query: "{ __typename }" }),
        }).then((r) => r.text()),
      ),
    );
    await sleep(300);
    lowest = Math.min(lowest, await server.metric("nodejs_heap_size_used_bytes"));
  }
  return lowest;
}

const rows = [];
for (const n of SIZES) rows.push(await measure(n));
process.stdout.write(
  `${table(
    [
      "subscribers",
      "sockets",
      "changes pushed",
      "delivery delay after the poll p50 / p99 (ms)",
      "heap per idle subscription (KB)",
      "status calls / poll ticks",
      "all saw every change",
      "flow time (s)",
    ],
    rows,
  )}\n`,
);
