/**
 * Gateways side by side, in one run, against one sandbox: ours, the minimal
 * reference (reference-gateway.ts) and the peers a user would pick instead
 * (peers/*.ts). For each: CPU per nested member operation at one fixed rate
 * (from /proc, in paired rounds so the ratio compares the same moment), upstream
 * calls per operation, and latency with 0 and 100 ms of added upstream latency,
 * the latter also in upstream round trips (p50 ÷ 100 ms).
 */
import autocannon from "autocannon";
import { signUserToken } from "../src/auth/token-verifier.js";
import {
  AUTH_SECRET,
  ONE_USER_AS_MANY,
  percentile,
  startGatewayScript,
  startSandboxProcess,
  startServerProcess,
  table,
  type Proc,
  type SandboxProc,
} from "./processes.js";
import { PEERS } from "./peers/peer-list.js";
import { LIST_QUERY, NESTED_QUERY } from "./query-shapes.js";

const RATE = Number(process.env["BENCH_RATE"] ?? 150);
const DURATION_S = Number(process.env["BENCH_DURATION_S"] ?? 10);
const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 3);
const WARM_UP_S = Number(process.env["BENCH_WARM_UP_S"] ?? 15);
const SEQUENTIAL = 20;
const ADDED_LATENCY_MS = 100;

interface Load {
  headers: Record<string, string>;
  body: string;
}

export interface Gateway extends Proc {
  name: string;
  url: string;
  nested: Load;
  list: Load;
  /** Answers in our schema's shape, so they are checked against ours. */
  sameSchema: boolean;
}

async function post(url: string, load: Load): Promise<string> {
  const res = await fetch(url, { method: "POST", headers: load.headers, body: load.body });
  const text = await res.text();
  if (!res.ok || text.includes('"errors"')) throw new Error(`${url}: ${res.status} ${text.slice(0, 300)}`);
  return text;
}

/** Sequential operations: latency p50 and upstream calls per operation. */
async function sequential(
  gateway: Gateway,
  load: Load,
  sandbox: SandboxProc,
): Promise<{ p50: number; calls: number }> {
  for (let i = 0; i < 5; i++) await post(gateway.url, load);
  await sandbox.control("DELETE", "/_sandbox/calls");
  const times: number[] = [];
  for (let i = 0; i < SEQUENTIAL; i++) {
    const started = performance.now();
    await post(gateway.url, load);
    times.push(performance.now() - started);
  }
  const calls = Number((await sandbox.control("GET", "/_sandbox/calls"))["count"]) / SEQUENTIAL;
  return {
    p50: percentile(
      times.sort((a, b) => a - b),
      50,
    ),
    calls,
  };
}

/** CPU per operation at RATE operations/s, from the gateway process's /proc figures. */
async function cpuPerOp(
  gateway: Gateway,
  load: Load,
  warmUpS: number,
): Promise<{ ms: number; p50: number; bad: number }> {
  // Every answer must be the one checked before (no RATE_LIMITED or other error bodies slipping by).
  const expectBody = await post(gateway.url, load);
  const options = {
    url: gateway.url,
    method: "POST" as const,
    ...load,
    connections: 16,
    overallRate: RATE,
    expectBody,
  };
  await autocannon({ ...options, duration: warmUpS });
  const before = gateway.cpuSeconds();
  const result = await autocannon({ ...options, duration: DURATION_S });
  const seconds = gateway.cpuSeconds() - before;
  return {
    ms: (seconds * 1000) / result.requests.total,
    p50: result.latency.p50,
    bad: result.errors + result.non2xx + result.mismatches,
  };
}

async function startGateways(
  sandbox: SandboxProc,
  standard: { nested: Load; list: Load },
  ids: { userGuid: string; memberGuid: string },
): Promise<Gateway[]> {
  const ours = await startServerProcess(sandbox.url, ONE_USER_AS_MANY);
  const gateways: Gateway[] = [{ ...ours, ...standard, name: "atrium-graphql (ours)", sameSchema: true }];
  const reference = await startGatewayScript("reference-gateway.js", sandbox.url);
  gateways.push({
    ...reference,
    ...standard,
    name: "reference (node:http + undici + graphql-js)",
    sameSchema: true,
  });
  for (const peer of PEERS) {
    try {
      const proc = await peer.start(sandbox.url);
      const own = peer.bodies?.(ids.userGuid, ids.memberGuid);
      const headers = { "content-type": "application/json" };
      const loads = own
        ? { nested: { headers, body: own.nested }, list: { headers, body: own.list } }
        : standard;
      gateways.push({ ...proc, ...loads, name: peer.name, sameSchema: !own });
    } catch (error) {
      process.stdout.write(`(${peer.name} did not start: ${(error as Error).message})\n`);
    }
  }
  return gateways;
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess({ SANDBOX_SPEED: "50" });
  const { userGuid, members } = sandbox.demo;
  const memberGuid = members["fourAccounts"]!;
  await sandbox.control("POST", `/users/${userGuid}/members/${memberGuid}/identify`);
  await sandbox.control("POST", `/_sandbox/members/${memberGuid}/settle`);
  const token = await signUserToken(AUTH_SECRET, userGuid);
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
  const nested = { headers, body: JSON.stringify({ query: NESTED_QUERY, variables: { guid: memberGuid } }) };
  const list = { headers, body: JSON.stringify({ query: LIST_QUERY }) };
  const gateways = await startGateways(sandbox, { nested, list }, { userGuid, memberGuid });
  try {
    const answers = await Promise.all(gateways.map((g) => post(g.url, g.nested)));
    // The same data from every gateway of our schema (extensions, e.g. a cost report, may differ).
    const dataOf = (answer: string): string => JSON.stringify((JSON.parse(answer) as { data: unknown }).data);
    answers.forEach((a, i) => {
      if (gateways[i]!.sameSchema && dataOf(a) !== dataOf(answers[0]!))
        throw new Error(`${gateways[i]!.name} answers differently: ${a}`);
    });

    const latency = new Map<string, number[]>();
    const calls = new Map<string, number[]>();
    for (const ms of [0, ADDED_LATENCY_MS]) {
      await sandbox.control("PUT", "/_sandbox/latency", { ms });
      for (const g of gateways) {
        for (const load of [g.nested, g.list]) {
          const r = await sequential(g, load, sandbox);
          latency.set(g.name, [...(latency.get(g.name) ?? []), r.p50]);
          if (ms === 0) calls.set(g.name, [...(calls.get(g.name) ?? []), r.calls]);
        }
      }
    }
    await sandbox.control("PUT", "/_sandbox/latency", { ms: 0 });

    // Each other gateway runs at the same time as ours, so a pair compares the same moment of a
    // shared machine; every gateway gets one such pair per round.
    const cpu = new Map<string, number[]>(gateways.map((g) => [g.name, []]));
    const ours = gateways[0]!;
    for (let round = 0; round < ROUNDS; round++) {
      for (const other of gateways.slice(1)) {
        // The first round's longer warm-up lets every JIT settle (CPU per op falls for a while).
        const warmUpS = round === 0 ? WARM_UP_S : 2;
        const [mine, theirs] = await Promise.all([
          cpuPerOp(ours, ours.nested, warmUpS),
          cpuPerOp(other, other.nested, warmUpS),
        ]);
        for (const [g, r] of [
          [ours, mine],
          [other, theirs],
        ] as const) {
          if (r.bad > 0) throw new Error(`${g.name}: ${r.bad} failed operations at ${RATE}/s`);
        }
        cpu.get(ours.name)!.push(mine.ms);
        cpu.get(other.name)!.push(theirs.ms);
      }
    }
    report(gateways, cpu, latency, calls);
  } finally {
    for (const g of gateways) await g.stop();
    await sandbox.stop();
  }
}

function report(
  gateways: Gateway[],
  cpu: Map<string, number[]>,
  latency: Map<string, number[]>,
  calls: Map<string, number[]>,
): void {
  const peers = gateways.length - 1;
  const oursRuns = cpu.get(gateways[0]!.name)!;
  /** Ours' run paired with the n-th run of the gateway at index `g` (1-based among the others). */
  const pairedOurs = (g: number, n: number): number => oursRuns[n * peers + (g - 1)]!;
  const median = (xs: number[]): number =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const rows = gateways.map((g, index) => {
    const mine = cpu.get(g.name)!;
    const ratios = index === 0 ? [1] : mine.map((ms, n) => ms / pairedOurs(index, n));
    const [n0, l0, n100, l100] = latency.get(g.name)!;
    const [nestedCalls, listCalls] = calls.get(g.name)!;
    const trips = (at100: number, at0: number): string => ((at100 - at0) / ADDED_LATENCY_MS).toFixed(2);
    return [
      g.name,
      mine.map((ms) => ms.toFixed(2)).join(", "),
      median(ratios).toFixed(2),
      `${nestedCalls!.toFixed(1)} / ${listCalls!.toFixed(1)}`,
      `${n0!.toFixed(0)} / ${l0!.toFixed(0)}`,
      `${n100!.toFixed(0)} / ${l100!.toFixed(0)}`,
      `${trips(n100!, n0!)} / ${trips(l100!, l0!)}`,
    ];
  });
  process.stdout.write(
    `${table(
      [
        "gateway",
        `CPU per nested op at ${RATE}/s, per run (ms)`,
        "CPU ÷ ours (median of same-moment pairs)",
        "upstream calls per op nested / list",
        "p50 at 0 ms nested / list (ms)",
        `p50 at ${ADDED_LATENCY_MS} ms nested / list (ms)`,
        `round trips nested / list ((p50 at ${ADDED_LATENCY_MS} − p50 at 0) ÷ ${ADDED_LATENCY_MS} ms)`,
      ],
      rows,
    )}\n`,
  );
  const reference = cpu.get(gateways[1]!.name)!;
  const efficiency = reference.map((ms, n) => ms / pairedOurs(1, n));
  process.stdout.write(
    `\nreference ÷ ours CPU per op, same-moment pairs: ${efficiency.map((r) => r.toFixed(2)).join(", ")} ` +
      `(median ${median(efficiency).toFixed(2)})\n`,
  );
}

await main();
