/**
 * Benchmark processes: the sandbox and the server each run in their own Node
 * process (as in production, where Atrium is elsewhere), so the load generator
 * in the bench process does not share an event loop with either.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { isAbsolute } from "node:path";
import { fileURLToPath } from "node:url";

const DIST = fileURLToPath(new URL("../src/", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Proc {
  child: ChildProcess;
  stop(): Promise<void>;
  /** CPU seconds (user + system) the process has used so far; NaN where /proc is missing. */
  cpuSeconds(): number;
}

/** Linux clock ticks per second, as `getconf CLK_TCK` prints on every mainstream kernel. */
const CLOCK_TICKS = 100;

function cpuSecondsOf(pid: number | undefined): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

function run(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
  args: string[] = [],
): Proc {
  const child = spawn(
    process.execPath,
    [...nodeArgs, isAbsolute(script) ? script : `${DIST}${script}`, ...args],
    {
      env: { PATH: process.env["PATH"] ?? "", ...env },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  return {
    child,
    cpuSeconds: () => cpuSecondsOf(child.pid),
    stop: () =>
      new Promise((resolve) => {
        // A process killed by a signal has a signalCode and no exitCode.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export async function waitForHttp(
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The fan-out benchmarks subscribe tens of thousands of times as one user, which the per-user and
 * per-process WebSocket limits (sized for real users) would refuse: raised for them only.
 */
export const FAN_OUT_WS_LIMITS = {
  WS_MAX_CONNECTIONS: "10000",
  WS_MAX_CONNECTIONS_PER_USER: "10000",
  WS_MAX_SUBSCRIPTIONS: "100000",
  WS_MAX_SUBSCRIPTIONS_PER_USER: "100000",
};

/**
 * The query benchmarks send every operation as one user, standing in for many: the per-user
 * upstream budget (sized for one real user) would answer most of them RATE_LIMITED.
 */
export const ONE_USER_AS_MANY = {
  USER_UPSTREAM_RATE: "1000000",
  USER_UPSTREAM_BURST: "1000000",
  USER_UPSTREAM_CONCURRENCY: "4096",
};

/**
 * Every gateway (ours, the reference and the peers) runs the way it is deployed: graphql-js and
 * Apollo skip their development-only checks under `NODE_ENV=production`. `BENCH_NODE_ENV=development`
 * measures the development mode instead.
 */
export const GATEWAY_NODE_ENV = process.env["BENCH_NODE_ENV"] ?? "production";

export const SANDBOX_KEYS = { apiKey: "bench-api-key", clientId: "bench-client-id" };
export const AUTH_SECRET = "bench-secret-".padEnd(48, "b");

export interface SandboxProc extends Proc {
  url: string;
  demo: { userGuid: string; members: Record<string, string> };
  control(method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
}

export async function startSandboxProcess(env: Record<string, string> = {}): Promise<SandboxProc> {
  const port = await freePort();
  const proc = run("sandbox/main.js", {
    SANDBOX_PORT: String(port),
    SANDBOX_API_KEY: SANDBOX_KEYS.apiKey,
    SANDBOX_CLIENT_ID: SANDBOX_KEYS.clientId,
    ...env,
  });
  const url = `http://127.0.0.1:${port}`;
  const headers = { "mx-api-key": SANDBOX_KEYS.apiKey, "mx-client-id": SANDBOX_KEYS.clientId };
  await waitForHttp(`${url}/_sandbox/demo`, headers);
  const control = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...headers,
        accept: "application/vnd.mx.atrium.v1+json",
        "content-type": "application/json",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  };
  const demo = (await control("GET", "/_sandbox/demo"))["demo"] as SandboxProc["demo"];
  return { ...proc, url, demo, control };
}

export interface ServerProc extends Proc {
  url: string;
  base: string;
  metric: (name: string) => Promise<number>;
}

export async function startServerProcess(
  sandboxUrl: string,
  env: Record<string, string> = {},
  // The flags `npm start` uses, unless BENCH_SERVER_NODE_ARGS says otherwise (e.g. --cpu-prof).
  nodeArgs: string[] = (process.env["BENCH_SERVER_NODE_ARGS"] ?? "--max-semi-space-size=32")
    .split(" ")
    .filter(Boolean),
): Promise<ServerProc> {
  const port = await freePort();
  const proc = run(
    "main.js",
    {
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: GATEWAY_NODE_ENV,
      ATRIUM_BASE_URL: sandboxUrl,
      ATRIUM_API_KEY: SANDBOX_KEYS.apiKey,
      ATRIUM_CLIENT_ID: SANDBOX_KEYS.clientId,
      AUTH_JWT_SECRET: AUTH_SECRET,
      LOG_LEVEL: "warn",
      // The load comes from one benchmark user: its per-user limits are lifted, the per-socket one kept.
      WS_MAX_CONNECTIONS_PER_USER: "1000",
      WS_MAX_SUBSCRIPTIONS_PER_USER: "100000",
      WS_MAX_SUBSCRIPTIONS: "100000",
      ...env,
    },
    nodeArgs,
  );
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}/healthz`);
  return {
    ...proc,
    url: `${base}/graphql`,
    base,
    metric: async (name: string): Promise<number> => {
      const text = await fetch(`${base}/metrics`).then((r) => r.text());
      const line = text.split("\n").find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
      return line ? Number(line.split(" ").pop()) : 0;
    },
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function table(headers: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A bare node:http server answering `body` to every POST (see bare-http-server.ts). */
export async function startBareHttpProcess(body: string): Promise<Proc & { url: string }> {
  const port = await freePort();
  const proc = run(fileURLToPath(new URL("bare-http-server.js", import.meta.url)), {
    PORT: String(port),
    BARE_BODY: body,
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitForHttp(url);
  return { ...proc, url };
}

/**
 * A gateway of the comparison (bench/*.js beside this file) on a free port, in
 * front of `sandboxUrl`, with the bench keys and token secret; ready when GET `readyPath` is 2xx.
 */
export async function startGatewayScript(
  script: string,
  sandboxUrl: string,
  options: {
    readyPath?: string;
    readyHeaders?: Record<string, string>;
    env?: Record<string, string>;
    /** Arguments after the script; `{port}` is replaced by the chosen port. */
    args?: string[];
  } = {},
): Promise<Proc & { url: string }> {
  const port = await freePort();
  const proc = run(
    isAbsolute(script) ? script : fileURLToPath(new URL(script, import.meta.url)),
    {
      PORT: String(port),
      NODE_ENV: GATEWAY_NODE_ENV,
      ATRIUM_BASE_URL: sandboxUrl,
      ATRIUM_API_KEY: SANDBOX_KEYS.apiKey,
      ATRIUM_CLIENT_ID: SANDBOX_KEYS.clientId,
      AUTH_JWT_SECRET: AUTH_SECRET,
      ...options.env,
    },
    (process.env["BENCH_SERVER_NODE_ARGS"] ?? "--max-semi-space-size=32").split(" ").filter(Boolean),
    (options.args ?? []).map((arg) => arg.replace("{port}", String(port))),
  );
  const base = `http://127.0.0.1:${port}`;
  await waitForHttp(`${base}${options.readyPath ?? "/"}`, options.readyHeaders);
  return { ...proc, url: `${base}/graphql` };
}
