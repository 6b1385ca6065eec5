import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { GraphQLContext } from "../../graphql/context.js";
import { checkQueryLimits, costExtension, type QueryLimits } from "../../graphql/query-limits.js";

/**
 * Refuses over-deep or over-costly HTTP operations after validation, before
 * execution, and reports the operation's cost in upstream calls in the
 * response's `extensions.cost` (refused or not).
 */
export function queryLimitsPlugin(
  schema: GraphQLSchema,
  limits: QueryLimits,
): ApolloServerPlugin<GraphQLContext> {
  return {
    requestDidStart: () => {
      let cost: number | undefined;
      return Promise.resolve({
        didResolveOperation({ document, request, operationName }) {
          const check = checkQueryLimits(schema, document, request.variables, operationName, limits);
          cost = check.cost;
          return check.error ? Promise.reject(check.error) : Promise.resolve();
        },
        willSendResponse({ response }) {
          const extension = costExtension(cost, limits);
          if (extension && response.body.kind === "single") {
            const result = response.body.singleResult;
            result.extensions = { ...result.extensions, cost: extension };
          }
          return Promise.resolve();
        },
      });
    },
  };
}
