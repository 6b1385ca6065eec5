import type { ApolloServerPlugin } from "@apollo/server";
import type { GraphQLContext } from "../../graphql/context.js";
import { checkVariablesDepth } from "../../graphql/variables-depth.js";

/**
 * Refuses over-deep variables (400 BAD_REQUEST) before any other plugin walks
 * them. It throws synchronously on purpose: Apollo calls every plugin's
 * didResolveOperation in one `map`, and the first synchronous throw wins, so a
 * later plugin overflowing the stack on the same variables is never reached.
 */
export function requestShapePlugin(): ApolloServerPlugin<GraphQLContext> {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation({ request }) {
          const error = checkVariablesDepth(request.variables);
          if (error) throw error;
          return Promise.resolve();
        },
      }),
  };
}
