/**
 * Every HTTP route on the one http.Server: `POST /graphql` on bare node:http,
 * everything else (webhooks, operator routes, other GraphQL methods, the web
 * app and explorer) through express.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import express from "express";
import cors from "cors";
import type { ApolloServer } from "@apollo/server";
import { expressMiddleware } from "@as-integrations/express5";
import type { Config } from "../config.js";
import type { Logger } from "../observability/logger.js";
import type { Metrics } from "../observability/metrics.js";
import type { ReadinessCheck } from "../observability/readiness.js";
import type { GraphQLContext } from "../graphql/context.js";
import type { httpContext } from "../transport/http/http-context.js";
import { opsRoutes } from "../transport/http/ops-routes.js";
import { jsonErrorHandler } from "../transport/http/json-error-handler.js";
import { requestIdMiddleware } from "../transport/http/request-id.middleware.js";
import { graphqlPostHandler, isGraphqlPost } from "../transport/http/graphql-post.js";
import { plainJsonBody } from "../transport/http/plain-json-body.js";
import { webAppRoutes } from "../transport/http/web-app-routes.js";
import { EXAMPLE_OPERATION } from "../transport/http/landing-page.js";
import { mxWebhookRoute } from "../webhooks/mx-webhook-route.js";
import type { AtriumCore } from "./atrium-core.js";

export interface HttpAppOptions {
  config: Config;
  path: string;
  apollo: ApolloServer<GraphQLContext>;
  context: ReturnType<typeof httpContext>;
  core: AtriumCore;
  metrics: Metrics;
  logger: Logger;
  demoToken: string | undefined;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

function webhookRoutes({ config, core, metrics, logger }: HttpAppOptions): express.RequestHandler[] {
  const credentials = config.webhooks.credentials;
  if (!credentials) return [];
  return [
    mxWebhookRoute({
      path: config.webhooks.path,
      credentials,
      limiter: core.coordination.nudgeLimiter,
      nudge: core.onMemberChanged,
      windowMs: config.poll.intervalMs,
      logger: logger.child({ component: "mx-webhooks" }),
      observe: (outcome) => metrics.webhooks.inc({ outcome }),
    }),
  ];
}

export function createHttpApp(options: HttpAppOptions): Handler {
  const { config, path, apollo, context, core, metrics, logger } = options;
  const corsMiddleware = cors({ origin: config.corsOrigins, maxAge: 600 });
  const jsonBody = express.json({ limit: config.limits.maxBodyBytes });
  const readiness: ReadinessCheck[] = [
    { name: "atrium", check: () => core.api.ping() },
    ...core.coordination.readinessChecks,
  ];
  const app = express();
  app.disable("x-powered-by");
  for (const route of webhookRoutes(options)) app.use(route);
  const serveMetrics = config.metrics.port === undefined;
  app.use(opsRoutes(metrics, readiness, { serveMetrics, metricsToken: config.metrics.token }));
  app.use(path, requestIdMiddleware(), corsMiddleware, jsonBody, expressMiddleware(apollo, { context }));
  app.use(
    webAppRoutes({
      app: config.webApp,
      explorer: !config.production,
      graphqlPath: path,
      demoToken: config.production ? undefined : options.demoToken,
      exampleOperation: EXAMPLE_OPERATION,
    }),
  );
  app.use(jsonErrorHandler(logger));
  const graphqlPost = graphqlPostHandler({
    apollo,
    path,
    cors: corsMiddleware,
    json: plainJsonBody(config.limits.maxBodyBytes, jsonBody),
    context,
    logger,
  });
  return (req, res) => {
    if (isGraphqlPost(req, path)) graphqlPost(req, res);
    else void app(req, res);
  };
}
