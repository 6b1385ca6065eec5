/**
 * Wiring only: one Node http.Server carrying Apollo Server (HTTP) and graphql-ws
 * (WebSocket) on `/graphql`, the Atrium data source behind both, the shared
 * member-status poller, operator routes, and an orderly close.
 */
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import cors from "cors";
import { expressMiddleware } from "@as-integrations/express5";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { Metrics } from "./observability/metrics.js";
import { resolveUpstream } from "./upstream.js";
import type { Sandbox, SandboxOptions } from "./sandbox/sandbox.js";
import { AtriumClient } from "./datasources/atrium-client.js";
import { dialectFor } from "./datasources/dialects/index.js";
import { AtriumApi } from "./datasources/atrium-api.js";
import { AtriumDataSource } from "./datasources/atrium-data-source.js";
import { createClientAuth } from "./auth/client-auth.js";
import type { Viewer } from "./auth/viewer.js";
import { buildAppSchema } from "./resolvers/build-schema.js";
import { createApolloServer } from "./transport/http/apollo-server.js";
import { httpContext } from "./transport/http/http-context.js";
import { startWsServer } from "./transport/ws/ws-server.js";
import { opsRoutes } from "./transport/http/ops-routes.js";
import { startMetricsServer, type MetricsServer } from "./transport/http/metrics-route.js";
import { jsonErrorHandler } from "./transport/http/json-error-handler.js";
import { upstreamScope } from "./transport/http/upstream-scope.middleware.js";
import { runInUpstreamScope } from "./datasources/upstream-scope.js";
import { requestIdMiddleware } from "./transport/http/request-id.middleware.js";
import { listenError } from "./transport/http/listen-error.js";
import { graphqlPostHandler, isGraphqlPost } from "./transport/http/graphql-post.js";
import { webAppRoutes } from "./transport/http/web-app-routes.js";
import { EXAMPLE_OPERATION } from "./transport/http/landing-page.js";
import { plainJsonBody } from "./transport/http/plain-json-body.js";
import { MemberStatusPoller } from "./subscriptions/index.js";
import { createCoordination, type Coordination } from "./scale-out/create-coordination.js";
import { mxWebhookRoute } from "./webhooks/mx-webhook-route.js";

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

  const client = new AtriumClient({
    baseUrl: upstream.baseUrl,
    apiKey: upstream.apiKey,
    clientId: upstream.clientId,
    dialect: dialectFor(config.atrium.api),
    timeoutMs: config.atrium.timeoutMs,
    maxRetries: config.atrium.maxRetries,
    maxSockets: 256,
    maxBodyBytes: config.atrium.maxBodyBytes,
    guards: {
      deadlineMs: config.upstream.deadlineMs,
      retryBudget: { ratio: config.upstream.retryBudget, minPerSecond: config.upstream.retryMinPerSecond },
      breaker: {
        failures: config.upstream.breakerFailures,
        halfOpenAfterMs: config.upstream.breakerCooldownMs,
      },
      notFoundTtlMs: config.upstream.notFoundTtlMs,
      perUser: {
        concurrency: config.upstream.userConcurrency,
        ratePerSecond: config.upstream.userRatePerSecond,
        burst: config.upstream.userBurst,
      },
    },
    metrics,
    logger: logger.child({ component: "atrium-client" }),
  });
  const api = new AtriumApi(client, logger.child({ component: "atrium-api" }));
  const coordination = await createCoordination({
    redisUrl: config.redisUrl,
    keyPrefix: config.redisKeyPrefix,
    pollIntervalMs: config.poll.intervalMs,
    leaseMs: config.poll.leaseMs,
    mfaLockMs: config.mfa.lockLeaseMs,
    logger: logger.child({ component: "scale-out" }),
  });
  const mfaGate = coordination.mfaGate;
  const poller = new MemberStatusPoller({
    source: api,
    bus: coordination.bus,
    ownership: coordination.ownership,
    nudges: coordination.nudges,
    intervalMs: config.poll.intervalMs,
    idleIntervalMs: config.poll.idleIntervalMs,
    logger: logger.child({ component: "member-status-poller" }),
    metrics: metrics.pollerMetrics(),
  });
  const onMemberChanged = (userGuid: string, memberGuid: string): void => poller.nudge(userGuid, memberGuid);
  const dataSourceFor = (viewer: Viewer): AtriumDataSource =>
    new AtriumDataSource(viewer.userGuid, {
      api,
      mfaGate,
      mfaInDoubtMs: config.mfa.inDoubtMs,
      onMemberChanged,
    });

  const { verifier, signToken } = createClientAuth(config.auth);
  const demoToken =
    upstream.sandbox && signToken ? await signToken(upstream.sandbox.demo.userGuid) : undefined;

  const schema = await buildAppSchema();
  const limits = { maxDepth: config.limits.maxDepth, maxCost: config.limits.maxCost };
  // Explicit slow-client bounds (slow-loris): headers and whole requests must arrive in time, checked every second.
  const httpServer: HttpServer = createServer({
    headersTimeout: config.http.headersTimeoutMs,
    requestTimeout: config.http.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, config.http.headersTimeoutMs),
  });
  const wsServer = startWsServer({
    httpServer,
    path: GRAPHQL_PATH,
    schema,
    verifier,
    dataSourceFor,
    statusFeed: poller,
    limits,
    production: config.production,
    wsLimits: config.ws,
    upstreamDeadlineMs: config.upstream.deadlineMs,
    onRefused: (limit) => metrics.wsRefusals.inc({ limit }),
    logger: logger.child({ component: "graphql-ws" }),
  });

  const apollo = createApolloServer({
    schema,
    httpServer,
    path: GRAPHQL_PATH,
    production: config.production,
    limits,
    metrics,
    logger,
    demoToken,
    shutdownGraceMs: config.http.shutdownGraceMs,
    drainAlso: () => wsServer.dispose(),
  });
  await apollo.start();

  const context = httpContext({ verifier, dataSourceFor, statusFeed: poller, logger });
  const corsMiddleware = cors({ origin: config.corsOrigins, maxAge: 600 });
  const jsonBody = express.json({ limit: config.limits.maxBodyBytes });
  const app = express();
  app.disable("x-powered-by");
  const webhookCredentials = config.webhooks.credentials;
  if (webhookCredentials) {
    app.use(
      mxWebhookRoute({
        path: config.webhooks.path,
        credentials: webhookCredentials,
        limiter: coordination.nudgeLimiter,
        nudge: onMemberChanged,
        windowMs: config.poll.intervalMs,
        logger: logger.child({ component: "mx-webhooks" }),
        observe: (outcome) => metrics.webhooks.inc({ outcome }),
      }),
    );
  }
  const readiness = [{ name: "atrium", check: () => api.ping() }, ...coordination.readinessChecks];
  const ownMetricsPort = config.metrics.port !== undefined;
  app.use(
    opsRoutes(metrics, readiness, { serveMetrics: !ownMetricsPort, metricsToken: config.metrics.token }),
  );
  app.use(
    GRAPHQL_PATH,
    requestIdMiddleware(),
    corsMiddleware,
    jsonBody,
    upstreamScope(config.upstream.deadlineMs),
    expressMiddleware(apollo, { context }),
  );
  app.use(
    webAppRoutes({
      app: config.webApp,
      explorer: !config.production,
      graphqlPath: GRAPHQL_PATH,
      demoToken: config.production ? undefined : demoToken,
      exampleOperation: EXAMPLE_OPERATION,
    }),
  );
  app.use(jsonErrorHandler(logger));
  const graphqlPost = graphqlPostHandler({
    apollo,
    path: GRAPHQL_PATH,
    cors: corsMiddleware,
    json: plainJsonBody(config.limits.maxBodyBytes, jsonBody),
    context,
    logger,
    inScope: (run) => runInUpstreamScope({ deadlineAt: Date.now() + config.upstream.deadlineMs }, run),
  });
  httpServer.on("request", (req, res) => {
    if (isGraphqlPost(req, GRAPHQL_PATH)) graphqlPost(req, res);
    else void app(req, res);
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once("error", reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await poller.close();
    await coordination.close();
    client.close();
    await upstream.sandbox?.close();
    throw listenError(error, "PORT", config.port);
  }
  const port = (httpServer.address() as AddressInfo).port;
  const metricsServer: MetricsServer | undefined = ownMetricsPort
    ? await startMetricsServer(metrics, {
        port: config.metrics.port ?? 0,
        host: config.host,
        token: config.metrics.token,
      })
    : undefined;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "localhost" : config.host;
  // The embedded sandbox plays MX: it delivers its webhooks here, with the configured credentials.
  if (webhookCredentials && upstream.sandbox) {
    const loopback = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
    upstream.sandbox.controls.setWebhookTarget({
      url: `http://${loopback}:${port}${config.webhooks.path}`,
      ...webhookCredentials,
    });
  }

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      // Apollo's drain plugin stops accepting, waits for in-flight requests, then closes WebSockets (1001).
      // Operations still waiting on upstream near the end of the grace get UPSTREAM_UNAVAILABLE,
      // so they are answered rather than reset.
      const abortUpstream = setTimeout(
        () => client.abortInFlight(),
        Math.max(0, config.http.shutdownGraceMs - 1000),
      );
      await apollo.stop();
      clearTimeout(abortUpstream);
      await metricsServer?.close();
      await poller.close();
      // After the poller: its loops released their leases through these connections.
      await coordination.close();
      client.close();
      await upstream.sandbox?.close();
    })();
    return closing;
  };

  return {
    url: `http://${host}:${port}${GRAPHQL_PATH}`,
    wsUrl: `ws://${host}:${port}${GRAPHQL_PATH}`,
    port,
    metricsPort: metricsServer?.port,
    sandbox: upstream.sandbox,
    signToken,
    demoToken,
    metrics,
    poller,
    coordination,
    close,
  };
}
