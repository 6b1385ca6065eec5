/**
 * Starts the real server on ephemeral ports with its embedded sandbox, the way
 * graphql-ws's tests start theirs: real HTTP and WebSocket, nothing mocked.
 */
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/observability/logger.js";
import { startServer, type RunningServer } from "../../src/server.js";
import type { Sandbox, SandboxOptions } from "../../src/sandbox/sandbox.js";
import type { UpstreamApiName } from "../../src/datasources/dialects/index.js";
import { LogCapture } from "./log-capture.js";

export interface TestServer extends RunningServer {
  /** The MX API the server speaks to its upstream (ATRIUM_API). */
  api: UpstreamApiName;
  logs: LogCapture;
  /** A token for any user guid. */
  token(userGuid: string): Promise<string>;
  /** POST a GraphQL operation over HTTP with plain fetch. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string | null; headers?: Record<string, string> },
  ): Promise<GqlResponse<T>>;
}

export interface GqlError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; requestId?: string; retryAfterSeconds?: number } & Record<string, unknown>;
}

export interface GqlResponse<T> {
  status: number;
  data: T | null | undefined;
  errors: GqlError[] | undefined;
}

export interface StartTestServerOptions {
  /** ATRIUM_API; default atrium. */
  api?: UpstreamApiName;
  env?: Record<string, string>;
  sandbox?: SandboxOptions;
  /**
   * Use this running sandbox as upstream instead of starting an embedded one, so
   * several servers share ONE sandbox (its call counts cover all of them). The
   * server does not close it; `sandbox` on the result is this one. Servers that
   * must accept each other's tokens also need the same AUTH_JWT_SECRET in `env`.
   */
  upstream?: Sandbox;
}

export async function startTestServer(options: StartTestServerOptions = {}): Promise<TestServer> {
  const config = loadConfig({
    NODE_ENV: "test",
    PORT: "0",
    HOST: "127.0.0.1",
    SANDBOX_PORT: "0",
    LOG_LEVEL: "debug",
    POLL_INTERVAL_MS: "50",
    POLL_IDLE_INTERVAL_MS: "1000",
    ATRIUM_TIMEOUT_MS: "2000",
    ATRIUM_API: options.api ?? "atrium",
    ...(options.upstream ? sharedUpstreamEnv(options.upstream) : {}),
    ...options.env,
  });
  const logs = new LogCapture();
  const server = await startServer({
    config,
    logger: createLogger({ level: config.logLevel, destination: logs }),
    sandbox: { speed: 40, ...options.sandbox },
  });
  const signToken = server.signToken;
  return {
    ...server,
    api: config.atrium.api,
    sandbox: options.upstream ?? server.sandbox,
    logs,
    token: (userGuid) => {
      if (!signToken) throw new Error("this server does not sign tokens");
      return signToken(userGuid);
    },
    async gql<T>(
      query: string,
      variables?: Record<string, unknown>,
      opts: { token?: string | null; headers?: Record<string, string> } = {},
    ) {
      const token = opts.token === undefined ? server.demoToken : opts.token;
      const res = await fetch(server.url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...opts.headers,
        },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as { data?: T | null; errors?: GqlError[] };
      return { status: res.status, data: body.data, errors: body.errors };
    },
  };
}

/** Points a server at an already running sandbox; a secret is needed with ATRIUM_BASE_URL. */
function sharedUpstreamEnv(sandbox: Sandbox): Record<string, string> {
  return {
    ATRIUM_BASE_URL: sandbox.url,
    ATRIUM_API_KEY: sandbox.apiKey,
    ATRIUM_CLIENT_ID: sandbox.clientId,
    AUTH_JWT_SECRET: "shared-sandbox-test-secret-".padEnd(48, "s"),
  };
}

export { waitFor } from "./time.js";
