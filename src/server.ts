/**
 * Wiring only: one Node http.Server carrying Apollo Server (HTTP) and graphql-ws
 * (WebSocket) on `/graphql`, the Atrium data source behind both, the shared
 * member-status poller, operator routes, and an orderly close.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { Metrics } from "./observability/metrics.js";
import { resolveUpstream, type Upstream } from "./upstream.js";
import type { Sandbox, SandboxOptions } from "./sandbox/sandbox.js";
import { createClientAuth } from "./auth/client-auth.js";
import type { MemberStatusPoller } from "./subscriptions/index.js";
import type { Coordination } from "./scale-out/create-coordination.js";
import { buildAppSchema } from "./resolvers/build-schema.js";
import { createApolloServer } from "./transport/http/apollo-server.js";
import { httpContext } from "./transport/http/http-context.js";
import { startMetricsServer, type MetricsServer } from "./transport/http/metrics-route.js";
import { listenError } from "./transport/http/listen-error.js";
import { startWsServer, type WsServer } from "./transport/ws/ws-server.js";
import { closeAtriumCore, createAtriumCore, type AtriumCore } from "./wiring/atrium-core.js";
import type { ApolloServer } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { GraphQLContext } from "./graphql/context.js";
import type { QueryLimits } from "./graphql/query-limits.js";
import { createHttpApp } from "./wiring/http-app.js";

export const GRAPHQL_PATH = "/graphql";

export interface StartServerOptions {
  config: Config;
  logger?: Logger;
  /** Overrides for the embedded sandbox (tests: speed, port 0). */
  sandbox?: SandboxOptions;
}

export interface RunningServer {
  /** http://host:port/graphql */
  url: string;
  /** ws://host:port/graphql */
  wsUrl: string;
  port: number;
  /** The port `/metrics` is served on when METRICS_PORT is set. */
  metricsPort: number | undefined;
  /** The embedded sandbox, when it is the upstream. */
  sandbox: Sandbox | undefined;
  /** Signs a client token for a user, when the server verifies with a shared secret. */
  signToken: ((userGuid: string) => Promise<string>) | undefined;
  /** A ready token for the sandbox's demo user (sandbox mode only). */
  demoToken: string | undefined;
  metrics: Metrics;
  poller: MemberStatusPoller;
  /** In-process, or Redis-backed (bus, poll leases, nudges, MFA lock) when REDIS_URL is set. */
  coordination: Coordination;
  /** Stops accepting, lets in-flight operations finish, closes sockets with 1001, stops polling. */
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const metrics = new Metrics({ maxOperationNames: config.metrics.maxOperationNames });
  const upstream = await resolveUpstream(config, options.sandbox);
  const core = await createAtriumCore(config, upstream, metrics, logger);
  const { verifier, signToken } = createClientAuth(config.auth);
  const demoToken =
    upstream.sandbox && signToken ? await signToken(upstream.sandbox.demo.userGuid) : undefined;

  const schema = await buildAppSchema();
  const httpServer = createHttpServer(config);
  const wsServer = startWsServer({
    httpServer,
    path: GRAPHQL_PATH,
    schema,
    verifier,
    dataSourceFor: core.dataSourceFor,
    statusFeed: core.poller,
    limits: queryLimits(config),
    production: config.production,
    wsLimits: config.ws,
    onRefused: (limit) => metrics.wsRefusals.inc({ limit }),
    logger: logger.child({ component: "graphql-ws" }),
  });
  const apollo = await startApollo({ config, schema, httpServer, metrics, logger, demoToken, wsServer });
  const context = httpContext({
    verifier,
    dataSourceFor: core.dataSourceFor,
    statusFeed: core.poller,
    logger,
  });
  httpServer.on(
    "request",
    createHttpApp({ config, path: GRAPHQL_PATH, apollo, context, core, metrics, logger, demoToken }),
  );

  const port = await listenOrClose(httpServer, config, async () => {
    await closeAtriumCore(core);
    await upstream.sandbox?.close();
  });
  const metricsServer = await startOwnMetricsServer(config, metrics);
  pointSandboxWebhooksHere(config, upstream, port);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= closeAll(config, apollo, core, metricsServer, upstream));

  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  return {
    url: `http://${host}:${port}${GRAPHQL_PATH}`,
    wsUrl: `ws://${host}:${port}${GRAPHQL_PATH}`,
    port,
    metricsPort: metricsServer?.port,
    sandbox: upstream.sandbox,
    signToken,
    demoToken,
    metrics,
    poller: core.poller,
    coordination: core.coordination,
    close,
  };
}

const queryLimits = (config: Config): QueryLimits => ({
  maxDepth: config.limits.maxDepth,
  maxCost: config.limits.maxCost,
});

async function startApollo(parts: {
  config: Config;
  schema: GraphQLSchema;
  httpServer: HttpServer;
  metrics: Metrics;
  logger: Logger;
  demoToken: string | undefined;
  wsServer: WsServer;
}): Promise<ApolloServer<GraphQLContext>> {
  const { config } = parts;
  const apollo = createApolloServer({
    schema: parts.schema,
    httpServer: parts.httpServer,
    path: GRAPHQL_PATH,
    production: config.production,
    limits: queryLimits(config),
    metrics: parts.metrics,
    logger: parts.logger,
    demoToken: parts.demoToken,
    shutdownGraceMs: config.http.shutdownGraceMs,
    drainAlso: () => parts.wsServer.dispose(),
  });
  await apollo.start();
  return apollo;
}

/**
 * Apollo's drain plugin stops accepting, waits for in-flight requests, then closes
 * WebSockets (1001). Operations still waiting on upstream near the end of the grace
 * get UPSTREAM_UNAVAILABLE, so they are answered rather than reset.
 */
async function closeAll(
  config: Config,
  apollo: ApolloServer<GraphQLContext>,
  core: AtriumCore,
  metricsServer: MetricsServer | undefined,
  upstream: Upstream,
): Promise<void> {
  const abortUpstream = setTimeout(
    () => core.client.abortInFlight(),
    Math.max(0, config.http.shutdownGraceMs - 1000),
  );
  await apollo.stop();
  clearTimeout(abortUpstream);
  await metricsServer?.close();
  await closeAtriumCore(core);
  await upstream.sandbox?.close();
}

/** Explicit slow-client bounds (slow-loris): headers and whole requests must arrive in time, checked every second. */
function createHttpServer(config: Config): HttpServer {
  return createServer({
    headersTimeout: config.http.headersTimeoutMs,
    requestTimeout: config.http.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, config.http.headersTimeoutMs),
  });
}

/** Listens on PORT; a port that cannot be bound closes what was opened and names the variable. */
async function listenOrClose(
  httpServer: HttpServer,
  config: Config,
  closeAll: () => Promise<void>,
): Promise<number> {
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await closeAll();
    throw listenError(error, "PORT", config.port);
  }
  return (httpServer.address() as AddressInfo).port;
}

function startOwnMetricsServer(config: Config, metrics: Metrics): Promise<MetricsServer | undefined> {
  if (config.metrics.port === undefined) return Promise.resolve(undefined);
  return startMetricsServer(metrics, {
    port: config.metrics.port,
    host: config.host,
    token: config.metrics.token,
  });
}

/** The embedded sandbox plays MX: it delivers its webhooks here, with the configured credentials. */
function pointSandboxWebhooksHere(config: Config, upstream: Upstream, port: number): void {
  const credentials = config.webhooks.credentials;
  if (!credentials || !upstream.sandbox) return;
  const loopback = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  upstream.sandbox.controls.setWebhookTarget({
    url: `http://${loopback}:${port}${config.webhooks.path}`,
    ...credentials,
  });
}
