import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, OperationTypeNode } from "graphql";

/**
 * A subscription posted over HTTP would reach Apollo's executor, which has no
 * transport for it here: the client is told where subscriptions are served instead.
 */
export function subscriptionOverHttpPlugin(path: string): ApolloServerPlugin {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation({ operation, request }) {
          if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return Promise.resolve();
          const header = request.http?.headers.get("host");
          // The Host header is the client's own words: echoed only when it looks like a host.
          const host = header && /^[A-Za-z0-9.:[\]-]{1,255}$/.test(header) ? header : "localhost";
          const url = `ws://${host}${path}`;
          return Promise.reject(
            new GraphQLError(
              `Subscriptions are served over WebSocket: connect to ${url} with the graphql-transport-ws protocol (graphql-ws), not HTTP POST.`,
              { extensions: { code: "BAD_REQUEST", http: { status: 400 } } },
            ),
          );
        },
      }),
  };
}
