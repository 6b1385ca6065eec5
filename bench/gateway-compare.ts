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
const SEQUENTIAL = 20;
const ADDED_LATENCY_MS = 100;

export interface Gateway extends Proc {
  name: string;
  url: string;
}

interface Load {
  headers: Record<string, string>;
  body: string;
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
async function cpuPerOp(gateway: Gateway, load: Load): Promise<{ ms: number; p50: number; bad: number }> {
  const options = { url: gateway.url, method: "POST" as const, ...load, connections: 16, overallRate: RATE };
  await autocannon({ ...options, duration: 2 });
  const before = gateway.cpuSeconds();
  const result = await autocannon({ ...options, duration: DURATION_S });
  const seconds = gateway.cpuSeconds() - before;
  return {
    ms: (seconds * 1000) / result.requests.total,
    p50: result.latency.p50,
    bad: result.errors + result.non2xx,
  };
}

async function startGateways(sandbox: SandboxProc): Promise<Gateway[]> {
  const ours = await startServerProcess(sandbox.url);
  const gateways: Gateway[] = [{ ...ours, name: "atrium-graphql (ours)" }];
  const reference = await startGatewayScript("reference-gateway.js", sandbox.url);
  gateways.push({ ...reference, name: "reference (node:http + undici + graphql-js)" });
  for (const peer of PEERS) {
    try {
      gateways.push({ ...(await peer.start(sandbox.url)), name: peer.name });
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
  const gateways = await startGateways(sandbox);
  try {
    const answers = await Promise.all(gateways.map((g) => post(g.url, nested)));
    // The same data from every gateway (extensions, e.g. a cost report, may differ).
    const dataOf = (answer: string): string => JSON.stringify((JSON.parse(answer) as { data: unknown }).data);
    answers.forEach((a, i) => {
      if (dataOf(a) !== dataOf(answers[0]!))
        throw new Error(`${gateways[i]!.name} answers differently: ${a}`);
    });

    const latency = new Map<string, number[]>();
    const calls = new Map<string, number[]>();
    for (const ms of [0, ADDED_LATENCY_MS]) {
      await sandbox.control("PUT", "/_sandbox/latency", { ms });
      for (const g of gateways) {
        for (const load of [nested, list]) {
          const r = await sequential(g, load, sandbox);
          latency.set(g.name, [...(latency.get(g.name) ?? []), r.p50]);
          if (ms === 0) calls.set(g.name, [...(calls.get(g.name) ?? []), r.calls]);
        }
      }
    }
    await sandbox.control("PUT", "/_sandbox/latency", { ms: 0 });

    const cpu = new Map<string, number[]>(gateways.map((g) => [g.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      for (const g of gateways) {
        const r = await cpuPerOp(g, nested);
        if (r.bad > 0) throw new Error(`${g.name}: ${r.bad} failed operations at ${RATE}/s`);
        cpu.get(g.name)!.push(r.ms);
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
  const ours = cpu.get(gateways[0]!.name)!;
  const median = (xs: number[]): number =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const rows = gateways.map((g) => {
    const mine = cpu.get(g.name)!;
    const ratios = mine.map((ms, i) => ms / ours[i]!);
    const [n0, l0, n100, l100] = latency.get(g.name)!;
    const [nestedCalls, listCalls] = calls.get(g.name)!;
    return [
      g.name,
      mine.map((ms) => ms.toFixed(2)).join(", "),
      median(ratios).toFixed(2),
      `${nestedCalls!.toFixed(1)} / ${listCalls!.toFixed(1)}`,
      `${n0!.toFixed(0)} / ${l0!.toFixed(0)}`,
      `${n100!.toFixed(0)} / ${l100!.toFixed(0)}`,
      `${(n100! / ADDED_LATENCY_MS).toFixed(2)} / ${(l100! / ADDED_LATENCY_MS).toFixed(2)}`,
    ];
  });
  process.stdout.write(
    `${table(
      [
        "gateway",
        `CPU per nested op at ${RATE}/s, per round (ms)`,
        "CPU ÷ ours (median of paired rounds)",
        "upstream calls per op nested / list",
        "p50 at 0 ms nested / list (ms)",
        `p50 at ${ADDED_LATENCY_MS} ms nested / list (ms)`,
        "round trips nested / list",
      ],
      rows,
    )}\n`,
  );
  const reference = cpu.get(gateways[1]!.name)!;
  const efficiency = reference.map((ms, i) => ms / ours[i]!);
  process.stdout.write(
    `\nreference ÷ ours CPU per op, paired rounds: ${efficiency.map((r) => r.toFixed(2)).join(", ")} ` +
      `(median ${median(efficiency).toFixed(2)})\n`,
  );
}

await main();
