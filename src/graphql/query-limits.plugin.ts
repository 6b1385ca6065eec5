import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLSchema } from "graphql";
import type { GraphQLContext } from "./context.js";
import { checkQueryLimits, type QueryLimits } from "./query-limits.js";

/** Refuses over-deep or over-costly HTTP operations after validation, before execution. */
export function queryLimitsPlugin(
  schema: GraphQLSchema,
  limits: QueryLimits,
): ApolloServerPlugin<GraphQLContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation({ document, request, operationName }) {
          const error = checkQueryLimits(schema, document, request.variables, operationName, limits);
          return error ? Promise.reject(error) : Promise.resolve();
        },
      }),
  };
}
