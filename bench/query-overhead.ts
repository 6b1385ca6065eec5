/**
 * Query overhead: the full member query through the gateway against the same
 * upstream calls made directly with the same HTTP client (AtriumClient over
 * cross-fetch with a keep-alive agent).
 *
 * Efficiency = (GraphQL operations/s × upstream calls per operation) / (direct upstream requests/s).
 */
import { availableParallelism } from "node:os";
import autocannon from "autocannon";
import { signUserToken } from "../src/auth/token-verifier.js";
import { AtriumClient } from "../src/datasources/atrium-client.js";
import { AtriumApi } from "../src/datasources/atrium-api.js";
import {
  AUTH_SECRET,
  ONE_USER_AS_MANY,
  SANDBOX_KEYS,
  startBareHttpProcess,
  startSandboxProcess,
  startServerProcess,
  table,
} from "./processes.js";

const DURATION_S = Number(process.env["BENCH_DURATION_S"] ?? 10);
const CONNECTIONS = Number(process.env["BENCH_CONNECTIONS"] ?? 32);

export const MEMBER_QUERY = `query Member($guid: ID!) {
  member(guid: $guid) {
    guid name connectionStatus
    accounts { guid name balance owners { ownerName email } accountNumbers { accountNumber routingNumber } }
  }
}`;

async function direct(
  api: AtriumApi,
  userGuid: string,
  memberGuid: string,
): Promise<{ rps: number; ops: number }> {
  const deadline = Date.now() + DURATION_S * 1000;
  let requests = 0;
  let ops = 0;
  const worker = async (): Promise<void> => {
    while (Date.now() < deadline) {
      // The same four resources the query needs, fetched as a careful client would: in parallel.
      await Promise.all([
        api.readMember(userGuid, memberGuid),
        api.listAccounts(userGuid, memberGuid),
        api.listAccountOwners(userGuid, memberGuid),
        api.listAccountNumbers(userGuid, memberGuid),
      ]);
      requests += 4;
      ops++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  const seconds = (Date.now() - started) / 1000;
  return { rps: requests / seconds, ops: ops / seconds };
}

/** CPU per request of a bare node:http server given the same request and answering the same body. */
async function bareHttpCpuPerRequest(
  answer: string,
  headers: Record<string, string>,
  body: string,
): Promise<number> {
  const bare = await startBareHttpProcess(answer);
  try {
    const load = { url: bare.url, method: "POST" as const, headers, body, connections: CONNECTIONS };
    await autocannon({ ...load, duration: 2 });
    const before = bare.cpuSeconds();
    const result = await autocannon({ ...load, duration: DURATION_S });
    return ((bare.cpuSeconds() - before) * 1000) / result.requests.total;
  } finally {
    await bare.stop();
  }
}

interface GatewayRun {
  gql: autocannon.Result;
  serverCpu: number;
  loadCpuPerOpMs: number;
  callsPerOp: number;
}

/** Our server under load: operations, its CPU, the load generator's CPU, upstream calls per operation. */
async function measureGateway(
  server: Awaited<ReturnType<typeof startServerProcess>>,
  sandbox: Awaited<ReturnType<typeof startSandboxProcess>>,
  headers: Record<string, string>,
  body: string,
): Promise<GatewayRun> {
  const load = { url: server.url, method: "POST" as const, headers, body, connections: CONNECTIONS };
  // Warm-up, then the measured run.
  await autocannon({ ...load, duration: 2 });
  await sandbox.control("DELETE", "/_sandbox/calls");
  const serverCpuBefore = await server.metric("process_cpu_seconds_total");
  const loadCpuBefore = process.cpuUsage();
  const gql = await autocannon({ ...load, duration: DURATION_S });
  const loadCpu = process.cpuUsage(loadCpuBefore);
  const loadCpuPerOpMs = (loadCpu.user + loadCpu.system) / 1000 / gql.requests.total;
  const serverCpu = (await server.metric("process_cpu_seconds_total")) - serverCpuBefore;
  const calls = Number((await sandbox.control("GET", "/_sandbox/calls"))["count"]);
  return { gql, serverCpu, loadCpuPerOpMs, callsPerOp: calls / gql.requests.total };
}

interface DirectRun {
  baseline: Awaited<ReturnType<typeof direct>>;
  directCpuPerOpMs: number;
  sandboxCpuPerRequestMs: number;
}

/** The same four calls made directly with the same client, no GraphQL in between. */
async function measureDirect(
  sandbox: Awaited<ReturnType<typeof startSandboxProcess>>,
  userGuid: string,
  memberGuid: string,
): Promise<DirectRun> {
  const client = new AtriumClient({ baseUrl: sandbox.url, ...SANDBOX_KEYS, maxSockets: CONNECTIONS * 4 });
  const api = new AtriumApi(client);
  try {
    await direct(api, userGuid, memberGuid); // warm-up with the same duration keeps JIT state comparable
    const cpuBefore = process.cpuUsage();
    const sandboxCpuBefore = sandbox.cpuSeconds();
    const baseline = await direct(api, userGuid, memberGuid);
    const sandboxCpuPerRequestMs =
      ((sandbox.cpuSeconds() - sandboxCpuBefore) * 1000) / (baseline.rps * DURATION_S);
    const directCpu = process.cpuUsage(cpuBefore);
    const directCpuPerOpMs = (directCpu.user + directCpu.system) / 1000 / (baseline.ops * DURATION_S);
    return { baseline, directCpuPerOpMs, sandboxCpuPerRequestMs };
  } finally {
    client.close();
  }
}

function report(run: GatewayRun, d: DirectRun, bareCpuPerRequestMs: number): string {
  const { gql } = run;
  // A gateway whose only cost were the direct client's four calls would run as fast as the
  // direct client, unless the machine's cores ran out first: each of its operations would also
  // cost the load generator's and the sandbox's CPU, all three sharing this machine.
  const cpuPerOpMs = run.loadCpuPerOpMs + d.directCpuPerOpMs + 4 * d.sandboxCpuPerRequestMs;
  const ceiling = Math.min(1, (availableParallelism() * 1000) / cpuPerOpMs / d.baseline.ops);
  const gqlOps = gql.requests.average;
  const efficiency = (gqlOps * run.callsPerOp) / d.baseline.rps;
  return table(
    ["measure", "value"],
    [
      ["GraphQL operations/s (full member query, 4 accounts)", gqlOps.toFixed(0)],
      ["GraphQL latency p50 / p99 (ms)", `${gql.latency.p50} / ${gql.latency.p99}`],
      ["upstream calls per operation", run.callsPerOp.toFixed(2)],
      ["direct upstream requests/s (same client, same 4 calls)", d.baseline.rps.toFixed(0)],
      ["efficiency ratio", efficiency.toFixed(2)],
      ["server CPU per GraphQL operation (ms)", ((run.serverCpu * 1000) / gql.requests.total).toFixed(2)],
      ["client CPU per direct operation, same 4 calls (ms)", d.directCpuPerOpMs.toFixed(2)],
      ["bare node:http server CPU per request, same request and answer (ms)", bareCpuPerRequestMs.toFixed(2)],
      ["sandbox CPU per upstream request (ms)", d.sandboxCpuPerRequestMs.toFixed(3)],
      ["load generator CPU per GraphQL operation (ms)", run.loadCpuPerOpMs.toFixed(2)],
      ["ratio ceiling for a zero-overhead gateway on this machine", ceiling.toFixed(2)],
      ["errors / non-2xx", `${gql.errors} / ${gql.non2xx}`],
    ],
  );
}

async function main(): Promise<void> {
  const sandbox = await startSandboxProcess({ SANDBOX_SPEED: "50" });
  const userGuid = sandbox.demo.userGuid;
  const memberGuid = sandbox.demo.members["fourAccounts"]!;
  await sandbox.control("POST", `/users/${userGuid}/members/${memberGuid}/identify`);
  await sandbox.control("POST", `/_sandbox/members/${memberGuid}/settle`);
  const server = await startServerProcess(sandbox.url, ONE_USER_AS_MANY);
  const token = await signUserToken(AUTH_SECRET, userGuid);
  try {
    const body = JSON.stringify({ query: MEMBER_QUERY, variables: { guid: memberGuid } });
    const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const answer = await fetch(server.url, { method: "POST", headers, body }).then((r) => r.text());
    const check = JSON.parse(answer) as { data?: { member?: { accounts: unknown[] } } };
    if (check.data?.member?.accounts.length !== 4)
      throw new Error(`unexpected answer: ${JSON.stringify(check)}`);
    const run = await measureGateway(server, sandbox, headers, body);
    const bareCpuPerRequestMs = await bareHttpCpuPerRequest(answer, headers, body);
    const directRun = await measureDirect(sandbox, userGuid, memberGuid);
    process.stdout.write(`${report(run, directRun, bareCpuPerRequestMs)}\n`);
  } finally {
    await server.stop();
    await sandbox.stop();
  }
}

await main();
