/**
 * A production-mode server (NODE_ENV=production, real ports, default limits
 * unless `env` says otherwise) in front of a real upstream: the sandbox, or any
 * base URL (a hostile upstream). For the abuse tests.
 */
import { startSandbox, type Sandbox } from "../../src/sandbox/sandbox.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { startServer, type RunningServer } from "../../src/server.js";
import { signUserToken } from "../../src/auth/token-verifier.js";
import { LogCapture } from "./log-capture.js";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export const PRODUCTION_SECRET = "production-abuse-secret-".padEnd(48, "p");

/** The environment of a production-mode server on local ports in front of `upstream`. */
export function productionEnv(
  upstream: { url: string; apiKey: string; clientId: string },
  secret = PRODUCTION_SECRET,
): Record<string, string> {
  return {
    NODE_ENV: "production",
    PORT: "0",
    HOST: "127.0.0.1",
    ATRIUM_BASE_URL: upstream.url,
    ATRIUM_API_KEY: upstream.apiKey,
    ATRIUM_CLIENT_ID: upstream.clientId,
    AUTH_JWT_SECRET: secret,
  };
}

export interface ProductionServer {
  server: RunningServer;
  /** The sandbox, unless another upstream was given. */
  sandbox: Sandbox | undefined;
  logs: LogCapture;
  token(userGuid: string, expiresIn?: string): Promise<string>;
  post(body: unknown, token?: string | null): Promise<{ status: number; body: GqlBody }>;
  close(): Promise<void>;
}

export interface GqlBody {
  data?: unknown;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

export interface ProductionServerOptions {
  env?: Record<string, string>;
  /** Another upstream than a sandbox of its own (a hostile upstream). */
  upstreamUrl?: string;
  sandboxLatencyMs?: number;
}

export async function startProductionServer(
  options: ProductionServerOptions = {},
): Promise<ProductionServer> {
  const sandbox = options.upstreamUrl
    ? undefined
    : await startSandbox({ speed: 40, apiKey: "prod-api-key-abuse", clientId: "prod-client-id-abuse" });
  const config = loadConfig({
    ...productionEnv({
      url: options.upstreamUrl ?? sandbox!.url,
      apiKey: sandbox?.apiKey ?? "prod-api-key-abuse",
      clientId: sandbox?.clientId ?? "prod-client-id-abuse",
    }),
    LOG_LEVEL: "info",
    ...options.env,
  });
  const logs = new LogCapture();
  const server = await startServer({ config, logger: createLogger({ level: "info", destination: logs }) });
  const token = (userGuid: string, expiresIn?: string): Promise<string> =>
    signUserToken(PRODUCTION_SECRET, userGuid, { expiresIn });
  const demoToken = sandbox ? await token(sandbox.demo.userGuid) : undefined;
  return {
    server,
    sandbox,
    logs,
    token,
    async post(body, bearer = demoToken) {
      const res = await fetch(server.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
        },
        body: typeof body === "string" ? body : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as GqlBody };
    },
    async close() {
      await server.close();
      await sandbox?.close();
    },
  };
}

let collect: (() => void) | undefined;

/** Heap in use after a full collection (V8's gc exposed at run time), in MB. */
export function heapUsedMbAfterGc(): number {
  if (!collect) {
    setFlagsFromString("--expose-gc");
    collect = runInNewContext("gc") as () => void;
  }
  collect();
  collect();
  return process.memoryUsage().heapUsed / 1e6;
}

/** Runs `task` for 0..n-1 with at most `concurrency` at once. */
export async function runPool(
  n: number,
  concurrency: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await task(next++);
    }),
  );
}
