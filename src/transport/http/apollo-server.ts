/**
 * Apollo Server for HTTP, with this project's defaults: masked errors with
 * codes, query limits, one log line and metrics per operation, no cache-control
 * or batching, introspection and Apollo Sandbox only outside production.
 */
import type { Server as HttpServer } from "node:http";
import type { GraphQLSchema } from "graphql";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import type { Logger } from "../../observability/logger.js";
import type { Metrics } from "../../observability/metrics.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { formatClientError } from "../../graphql/errors.js";
import { landingPagePlugin } from "./landing-page.js";
import { operationObserverPlugin } from "./operation-observer.plugin.js";
import { MAX_TOKENS, type QueryLimits } from "../../graphql/query-limits.js";
import { queryLimitsPlugin } from "./query-limits.plugin.js";
import { subscriptionOverHttpPlugin } from "./subscription-over-http.plugin.js";
import { requestShapePlugin } from "./request-shape.plugin.js";

export interface ApolloOptions {
  schema: GraphQLSchema;
  httpServer: HttpServer;
  /** Where GraphQL is served; subscriptions posted over HTTP are pointed to its WebSocket. */
  path: string;
  production: boolean;
  limits: QueryLimits;
  metrics: Metrics;
  /** The server's logger (the per-operation line is skipped without building a child when info is off). */
  logger: Logger;
  demoToken: string | undefined;
  /** How long in-flight requests may take to finish at shutdown. */
  shutdownGraceMs: number;
  /** Closed together with the HTTP server (the WebSocket server). */
  drainAlso: () => Promise<void>;
}

export function createApolloServer(options: ApolloOptions): ApolloServer<GraphQLContext> {
  return new ApolloServer<GraphQLContext>({
    schema: options.schema,
    introspection: !options.production,
    includeStacktraceInErrorResponses: false,
    hideSchemaDetailsFromClientErrors: true,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns the signals: one orderly close of HTTP, WebSockets, poller and sandbox.
    stopOnTerminationSignals: false,
    maxRecursiveSelections: true,
    parseOptions: { maxTokens: MAX_TOKENS },
    formatError: (formatted, error) => formatClientError(formatted, error),
    plugins: [
      ApolloServerPluginDrainHttpServer({
        httpServer: options.httpServer,
        stopGracePeriodMillis: options.shutdownGraceMs,
      }),
      // No HTTP cache hints are used; the plugin would otherwise run a hook on every field.
      ApolloServerPluginCacheControlDisabled(),
      { serverWillStart: () => Promise.resolve({ drainServer: options.drainAlso }) },
      operationObserverPlugin(options.metrics, options.logger),
      subscriptionOverHttpPlugin(options.path),
      // Before the limits plugin, which walks the variables.
      requestShapePlugin(),
      queryLimitsPlugin(options.schema, options.limits),
      landingPagePlugin({ production: options.production, demoToken: options.demoToken }),
    ],
  });
}
