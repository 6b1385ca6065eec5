/**
 * CPU per nested member operation of two builds of the server, side by side:
 * `node dist/bench/cpu-pair.js DIR_A DIR_B [rounds]`, each DIR a checkout with
 * `dist/` built (`npm ci && npm run build`). One sandbox; both servers under
 * the same fixed-rate load at the same moment, so each round's B ÷ A compares
 * one moment of a shared machine. Prints every round and the median.
 */
import { pathToFileURL } from "node:url";
import { join, resolve } from "node:path";
import autocannon from "autocannon";
import { signUserToken } from "../src/auth/token-verifier.js";
import {
  AUTH_SECRET,
  ONE_USER_AS_MANY,
  percentile,
  startSandboxProcess,
  type ServerProc,
} from "./processes.js";
import { NESTED_QUERY } from "./query-shapes.js";

type Processes = { startServerProcess: (url: string, env: Record<string, string>) => Promise<ServerProc> };

const [dirA, dirB, roundsArg] = process.argv.slice(2);
if (!dirA || !dirB) throw new Error("usage: cpu-pair.js DIR_A DIR_B [rounds]");
const ROUNDS = Number(roundsArg ?? 5);
const RATE = Number(process.env["BENCH_RATE"] ?? 150);
const SECONDS = Number(process.env["BENCH_DURATION_S"] ?? 8);

const load = async (dir: string): Promise<Processes> =>
  (await import(pathToFileURL(join(resolve(dir), "dist/bench/processes.js")).href)) as Processes;

const sandbox = await startSandboxProcess({ SANDBOX_SPEED: "50" });
const { userGuid, members } = sandbox.demo;
const memberGuid = members["fourAccounts"]!;
await sandbox.control("POST", `/users/${userGuid}/members/${memberGuid}/identify`);
await sandbox.control("POST", `/_sandbox/members/${memberGuid}/settle`);
const servers = [
  await (await load(dirA)).startServerProcess(sandbox.url, ONE_USER_AS_MANY),
  await (await load(dirB)).startServerProcess(sandbox.url, ONE_USER_AS_MANY),
];
const headers = {
  "content-type": "application/json",
  authorization: `Bearer ${await signUserToken(AUTH_SECRET, userGuid)}`,
};
const body = JSON.stringify({ query: NESTED_QUERY, variables: { guid: memberGuid } });

async function cpuPerOp(server: ServerProc, seconds: number): Promise<number> {
  const expectBody = await fetch(server.url, { method: "POST", headers, body }).then((r) => r.text());
  const before = server.cpuSeconds();
  const result = await autocannon({
    url: server.url,
    method: "POST",
    headers,
    body,
    expectBody,
    connections: 16,
    overallRate: RATE,
    duration: seconds,
  });
  if (result.errors + result.non2xx + result.mismatches > 0) throw new Error(`${server.url}: failed answers`);
  return ((server.cpuSeconds() - before) * 1000) / result.requests.total;
}

try {
  await Promise.all(servers.map((s) => cpuPerOp(s, SECONDS)));
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [a, b] = await Promise.all(servers.map((s) => cpuPerOp(s, SECONDS)));
    ratios.push(b! / a!);
    process.stdout.write(`A ${a!.toFixed(3)} ms  B ${b!.toFixed(3)} ms  B/A ${(b! / a!).toFixed(3)}\n`);
  }
  process.stdout.write(
    `median B/A ${percentile(
      [...ratios].sort((x, y) => x - y),
      50,
    ).toFixed(3)}\n`,
  );
} finally {
  for (const server of servers) await server.stop();
  await sandbox.stop();
}
