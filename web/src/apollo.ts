/**
 * Apollo Client for one signed-in user: queries and mutations over HTTP, `memberStatus` over
 * graphql-ws on the same origin. The socket retries forever with a short backoff; graphql-ws
 * resubscribes after a reconnect and the server pushes the current status first, so the page
 * catches up by itself.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from "@apollo/client";
import { GraphQLWsLink } from "@apollo/client/link/subscriptions";
import { OperationTypeNode } from "graphql";
import { createClient } from "graphql-ws";
import { SocketStateStore } from "./socket-state";

/** A normal close (1000) is graphql-ws closing an unused lazy socket; anything else is a drop. */
const NORMAL_CLOSURE = 1000;

export interface ApolloSession {
  client: ApolloClient;
  socket: SocketStateStore;
  dispose(): void;
}

function wsUrl(path: string): string {
  const url = new URL(path, window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  return url.href;
}

export function createApolloSession(token: string, graphqlPath = "/graphql"): ApolloSession {
  const authorization = `Bearer ${token}`;
  const socket = new SocketStateStore();
  const wsClient = createClient({
    url: wsUrl(graphqlPath),
    connectionParams: { authorization },
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(250 * 2 ** retries, 4000))),
    on: {
      connecting: (isRetry) => socket.set(isRetry ? "reconnecting" : "connecting"),
      connected: () => socket.set("connected"),
      closed: (event) => {
        const code = (event as { code?: number } | undefined)?.code;
        socket.set(code === NORMAL_CLOSURE ? "idle" : "reconnecting");
      },
    },
  });
  const http = new HttpLink({ uri: graphqlPath, headers: { authorization } });
  const link = ApolloLink.split(
    ({ operationType }) => operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(wsClient),
    http,
  );
  const client = new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        Member: { keyFields: ["guid"] },
        Account: { keyFields: ["guid"] },
        AccountOwner: { keyFields: ["guid"] },
        Transaction: { keyFields: ["guid"] },
        MemberStatus: { keyFields: ["memberGuid"] },
        AccountNumber: { keyFields: false },
        MfaChallenge: { keyFields: false },
      },
    }),
  });
  return {
    client,
    socket,
    dispose: () => {
      client.stop();
      void wsClient.dispose();
    },
  };
}
