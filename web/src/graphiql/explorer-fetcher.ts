/**
 * GraphiQL's fetcher: HTTP for queries and mutations, graphql-ws for subscriptions. The
 * Authorization header typed in GraphiQL's headers editor also authenticates the WebSocket
 * (as the connection parameter the server reads), one socket per distinct header.
 */
import { createGraphiQLFetcher, type Fetcher } from "@graphiql/toolkit";
import { createClient } from "graphql-ws";

function authorizationOf(headers: Record<string, unknown> | undefined): string | undefined {
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === "authorization" && typeof value === "string") return value;
  }
  return undefined;
}

export function createExplorerFetcher(httpUrl: string, wsUrl: string): Fetcher {
  const byAuthorization = new Map<string, Fetcher>();
  return (params, opts) => {
    const authorization = authorizationOf(opts?.headers);
    const key = authorization ?? "";
    let fetcher = byAuthorization.get(key);
    if (!fetcher) {
      const wsClient = createClient({
        url: wsUrl,
        connectionParams: authorization ? { authorization } : {},
        retryAttempts: 3,
      });
      fetcher = createGraphiQLFetcher({ url: httpUrl, wsClient });
      byAuthorization.set(key, fetcher);
    }
    return fetcher(params, opts);
  };
}
