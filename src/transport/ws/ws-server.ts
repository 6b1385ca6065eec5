/**
 * graphql-ws on the HTTP server's `/graphql` path. Apollo's plugins,
 * formatError and CSRF checks do not run here, so authentication, error codes
 * and masking are applied in graphql-ws's own hooks (DESIGN.md "Subscription hygiene").
 */
import type { Server as HttpServer } from "node:http";
import type { GraphQLSchema } from "graphql";
import { WebSocketServer } from "ws";
import type { TokenVerifier } from "../../auth/token-verifier.js";
import type { Viewer } from "../../auth/viewer.js";
import type { AtriumDataSource } from "../../datasources/atrium-data-source.js";
import type { Logger } from "../../observability/logger.js";
import { MAX_TOKENS, type QueryLimits } from "../../graphql/query-limits.js";
import { DocumentCache } from "../../graphql/document-cache.js";
import type { MemberStatusFeed } from "../../graphql/member-status-feed.js";
import { batchTextFrames } from "./websocket-frame-batcher.js";
import { serveGraphqlWs } from "./ws-transport.js";
import { WsLimitCounters, type WsLimits } from "./ws-limits.js";
import { WsSessionGuard } from "./ws-session-guard.js";
import { graphqlWsHooks, type ConnectionExtra } from "./ws-hooks.js";

export interface WsServerOptions {
  httpServer: HttpServer;
  path: string;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  /** A fresh data source for each query or mutation, as over HTTP. */
  dataSourceFor: (viewer: Viewer) => AtriumDataSource;
  statusFeed: MemberStatusFeed;
  logger: Logger;
  limits: QueryLimits;
  /** Production: no introspection, no "Did you mean" suggestions (as over HTTP). */
  production: boolean;
  /** Sockets and operations per user and per process, outbound buffer, keep-alive. */
  wsLimits: WsLimits & { maxConnections: number; maxBufferedBytes: number; keepAliveMs: number };
  /** A limit refused or closed something (metrics label). */
  onRefused?: (limit: string) => void;
  /** Largest accepted message, default 64 KiB: subscriptions are small. */
  maxPayloadBytes?: number;
}

export interface WsServer {
  /** Closes every socket with 1001 (going away) and stops accepting. */
  dispose(): Promise<void>;
  readonly clients: number;
}

export function startWsServer(options: WsServerOptions): WsServer {
  // Upgrades are taken from the HTTP server by hand (noServer): a WebSocketServer bound to the
  // server would re-emit its listen errors, which graphql-ws prints with a stack trace.
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 64 * 1024 });
  options.httpServer.on("upgrade", (request, socket, head) => {
    const path = request.url?.split("?", 1)[0];
    if (path !== options.path) {
      socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit("connection", ws, request));
  });
  wss.on("connection", (socket, request) => batchTextFrames(socket, request.socket));
  const { logger } = options;
  const documents = new DocumentCache(options.schema, MAX_TOKENS, options.production);
  const counters = new WsLimitCounters(options.wsLimits);
  const guard = new WsSessionGuard({
    verifier: options.verifier,
    counters,
    logger,
    onRefused: options.onRefused,
  });

  const disposable = serveGraphqlWs<Record<string, unknown> | undefined, ConnectionExtra>(
    wss,
    graphqlWsHooks({
      schema: options.schema,
      documents,
      guard,
      limits: options.limits,
      production: options.production,
      dataSourceFor: options.dataSourceFor,
      statusFeed: options.statusFeed,
      logger,
    }),
    {
      keepAliveMs: options.wsLimits.keepAliveMs,
      maxBufferedBytes: options.wsLimits.maxBufferedBytes,
      maxConnections: options.wsLimits.maxConnections,
      logger,
      onRefused: options.onRefused,
    },
  );

  return {
    get clients() {
      return wss.clients.size;
    },
    // Every socket is closed with 1001 (Going away), then the server.
    dispose: async () => {
      await disposable.dispose();
    },
  };
}
