/**
 * Apollo plugin: one log line and metrics per HTTP operation, `requestId` on
 * every error, and every error logged with its code (unexpected ones with name
 * and message only: no stack traces or upstream bodies in logs).
 */
import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import type { Logger } from "../../observability/logger.js";
import type { Metrics } from "../../observability/metrics.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { formatClientError } from "../../graphql/errors.js";

export function operationObserverPlugin(
  metrics: Metrics,
  logger: Logger,
): ApolloServerPlugin<GraphQLContext> {
  return {
    requestDidStart() {
      const started = performance.now();
      return Promise.resolve({
        didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const code = formatClientError(error.toJSON(), error).extensions?.["code"];
            if (code === "INTERNAL_SERVER_ERROR") {
              const original = unwrapResolverError(error);
              const err = original instanceof Error ? { type: original.name, message: original.message } : {};
              contextValue.logger.error(
                { err, path: error.path },
                "unexpected error (masked for the client)",
              );
            } else {
              contextValue.logger.info({ code, path: error.path }, "operation error");
            }
          }
          return Promise.resolve();
        },
        willSendResponse({ response, contextValue, operationName, operation, errors }) {
          const body = response.body;
          if (body.kind === "single") {
            for (const error of body.singleResult.errors ?? []) {
              const extensions = error.extensions;
              if (extensions) extensions["requestId"] = contextValue.requestId;
            }
          }
          const name = operationName ?? "anonymous";
          const type = operation?.operation ?? "unknown";
          const hasData = body.kind === "single" && body.singleResult.data != null;
          const outcome = !errors?.length ? "success" : hasData ? "partial" : "error";
          const seconds = (performance.now() - started) / 1000;
          metrics.observeOperation(name, type, outcome, seconds);
          // Checked first: reading `contextValue.logger` makes the request's child logger.
          if (logger.isLevelEnabled("info"))
            contextValue.logger.info(
              { operationName: name, operationType: type, outcome, durationMs: Math.round(seconds * 1000) },
              "graphql operation",
            );
          return Promise.resolve();
        },
      });
    },
  };
}
