/**
 * Fan-out: N subscribers of one member's status on one server process, fed by
 * one shared poll loop. Measures delivery delay after the poll that saw each
 * change, memory per idle subscription, and upstream status calls per tick.
 */
import {
  answerChallenge,
  deliveryDelays,
  gql,
  IDENTIFY,
  isDone,
  member as newMember,
  PER_SOCKET,
  sameEverywhere,
  sleep,
  statusCallTimes,
  until,
  type Received,
} from "./member-flow.js";
import {
  FAN_OUT_WS_LIMITS,
  percentile,
  startSandboxProcess,
  startServerProcess,
  table,
  type ServerProc,
} from "./processes.js";
import { ThinWsClient } from "./thin-ws-client.js";

const SIZES = (process.env["BENCH_FANOUT_SIZES"] ?? "1000,10000,50000").split(",").map(Number);
const SUBSCRIPTION = `subscription($guid: ID!) { memberStatus(memberGuid: $guid) { connectionStatus isBeingAggregated isFinal } }`;

interface StatusPayload {
  data?: { memberStatus?: { connectionStatus: string; isBeingAggregated: boolean } };
}

/** `n` subscriptions over thin clients, `PER_SOCKET` per socket; each log records its events. */
async function subscribeThin(
  url: string,
  token: string,
  guid: string,
  n: number,
  clients: ThinWsClient[],
): Promise<Received[][]> {
  const sockets: ThinWsClient[] = [];
  for (let s = 0; s < Math.ceil(n / PER_SOCKET); s++) {
    const client = new ThinWsClient(url.replace("http", "ws"), token);
    clients.push(client);
    await client.ready;
    sockets.push(client);
  }
  return Array.from({ length: n }, (_, i) => {
    const log: Received[] = [];
    sockets[Math.floor(i / PER_SOCKET)]!.subscribe(
      SUBSCRIPTION,
      { guid },
      {
        onNext: (payload, at) => {
          const status = (payload as StatusPayload).data?.memberStatus;
          if (status) log.push({ key: `${status.connectionStatus}/${status.isBeingAggregated}`, at });
        },
      },
    );
    return log;
  });
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

async function measure(n: number): Promise<Array<string | number>> {
  const sandbox = await startSandboxProcess({ SANDBOX_SPEED: "1" });
  const server = await startServerProcess(sandbox.url, {
    ...FAN_OUT_WS_LIMITS,
    POLL_INTERVAL_MS: "1000",
    POLL_IDLE_INTERVAL_MS: "5000",
  });
  const clients: ThinWsClient[] = [];
  try {
    const { guid, token } = await newMember(sandbox);

    // Warm-up: 1,000 subscribers of another member watch one whole flow, so the subscribe and
    // delivery paths are compiled and pools exist before anything is measured, as in a server
    // that has been running. Their sockets close before the heap baseline is taken.
    const warmMember = await newMember(sandbox);
    const warmClients: ThinWsClient[] = [];
    const warm = await subscribeThin(server.url, warmMember.token, warmMember.guid, 1000, warmClients);
    await until(() => warm.every((log) => log.length > 0), "warm-up first events");
    await gql(server, warmMember.token, IDENTIFY, { g: warmMember.guid });
    await until(() => warm[0]!.some((r) => r.key.startsWith("CHALLENGED")), "warm-up CHALLENGED");
    await answerChallenge(server, warmMember.token, warmMember.guid);
    await until(() => warm.every(isDone), "warm-up CONNECTED");
    await Promise.all(warmClients.map((c) => c.close()));

    const heapBefore = await settledHeap(server);
    const received = await subscribeThin(server.url, token, guid, n, clients);
    await until(() => received.every((log) => log.length > 0), "every first event");
    const perSubscriptionKb = ((await settledHeap(server)) - heapBefore) / n / 1024;

    await sandbox.control("DELETE", "/_sandbox/calls");
    const ticksBefore = await server.metric("member_status_poll_ticks_total");
    const started = Date.now();
    const cpuBefore = server.cpuSeconds();
    await gql(server, token, IDENTIFY, { g: guid });
    await until(() => received[0]!.some((r) => r.key.startsWith("CHALLENGED")), "CHALLENGED");
    await answerChallenge(server, token, guid);
    await until(() => received.every(isDone), "CONNECTED everywhere");
    const seconds = (Date.now() - started) / 1000;
    const cpuSeconds = server.cpuSeconds() - cpuBefore;

    const ticks = (await server.metric("member_status_poll_ticks_total")) - ticksBefore;
    const calls = await statusCallTimes(sandbox, guid);
    const delays = deliveryDelays(received, calls);
    return [
      n,
      Math.ceil(n / PER_SOCKET),
      received[0]!.length - 1,
      `${percentile(delays, 50)} / ${percentile(delays, 99)}`,
      // The whole flow's server CPU (polls, mutations, deliveries) per message delivered.
      ((cpuSeconds * 1e6) / delays.length).toFixed(1),
      perSubscriptionKb.toFixed(2),
      `${calls.length} / ${ticks} = ${(calls.length / Math.max(1, ticks)).toFixed(2)}`,
      sameEverywhere(received) ? "yes" : "NO",
      seconds.toFixed(1),
    ];
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
    await sandbox.stop();
  }
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
      "server CPU per delivered message (µs)",
      "heap per idle subscription (KB)",
      "status calls / poll ticks",
      "all saw every change",
      "flow time (s)",
    ],
    rows,
  )}\n`,
);
