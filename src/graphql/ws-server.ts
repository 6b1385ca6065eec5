/**
 * graphql-ws on the HTTP server's `/graphql` path. Apollo's plugins,
 * formatError and CSRF checks do not run here, so authentication, error codes
 * and masking are applied in graphql-ws's own hooks (DESIGN.md "Subscription hygiene").
 */
import type { Server as HttpServer } from "node:http";
import { randomUUID } from "node:crypto";
import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { WebSocketServer } from "ws";
import { useServer } from "graphql-ws/use/ws";
import type { TokenVerifier } from "../auth/token-verifier.js";
import { bearerToken } from "../auth/token-verifier.js";
import type { Viewer } from "../auth/viewer.js";
import type { Logger } from "../observability/logger.js";
import type { GraphQLContext } from "./context.js";
import { formatClientError } from "./errors.js";
import { checkQueryLimits, type QueryLimits } from "./query-limits.js";
import type { MemberStatusFeed } from "./member-status-feed.js";

export interface WsServerOptions {
  httpServer: HttpServer;
  path: string;
  schema: GraphQLSchema;
  verifier: TokenVerifier;
  statusFeed: MemberStatusFeed;
  logger: Logger;
  limits: QueryLimits;
  /** Largest accepted message, default 64 KiB: subscriptions are small. */
  maxPayloadBytes?: number;
  /** Ping interval keeping idle sockets alive through proxies, default 12 s. */
  keepAliveMs?: number;
}

export interface WsServer {
  /** Closes every socket with 1001 (going away) and stops accepting. */
  dispose(): Promise<void>;
  readonly clients: number;
}

/** Same token budget as Apollo's parseOptions for HTTP. */
export const MAX_TOKENS = 5000;

type ConnectionExtra = { viewer?: Viewer; connectionId?: string };

export function startWsServer(options: WsServerOptions): WsServer {
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: options.path,
    maxPayload: options.maxPayloadBytes ?? 64 * 1024,
  });
  const { logger } = options;

  const disposable = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      schema: options.schema,
      isProd: true,
      // Authentication at connection_init: a missing or bad token closes the socket with 4403.
      onConnect: async (ctx) => {
        const header = ctx.connectionParams?.["authorization"] ?? ctx.connectionParams?.["Authorization"];
        const token = typeof header === "string" ? bearerToken(header) : undefined;
        if (!token) return false;
        try {
          ctx.extra.viewer = await options.verifier.verify(token);
          ctx.extra.connectionId = randomUUID();
          return true;
        } catch (error) {
          logger.info(
            { reason: error instanceof Error ? error.message : "invalid" },
            "websocket token refused",
          );
          return false;
        }
      },
      // Apollo's validation plugins do not run here: parse, validate and apply the same limits.
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: MAX_TOKENS });
        } catch (error) {
          return [error instanceof GraphQLError ? error : new GraphQLError("Syntax error.")];
        }
        const errors = validate(options.schema, document);
        if (errors.length > 0) return errors;
        const tooComplex = checkQueryLimits(
          options.schema,
          document,
          payload.variables ?? undefined,
          payload.operationName,
          options.limits,
        );
        if (tooComplex) return [tooComplex];
        return {
          schema: options.schema,
          document,
          variableValues: payload.variables,
          operationName: payload.operationName,
        };
      },
      context: (ctx): GraphQLContext => {
        const requestId = randomUUID();
        return {
          requestId,
          logger: logger.child({ requestId, connectionId: ctx.extra.connectionId }),
          viewer: ctx.extra.viewer ?? null,
          // No DataLoader lives for a subscription's lifetime: events carry the poller's reading.
          atrium: null,
          statusFeed: options.statusFeed,
        };
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return { ...result, errors: result.errors.map((e) => formatClientError(e.toJSON(), e)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatClientError(e.toJSON(), e)),
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  return {
    get clients() {
      return wss.clients.size;
    },
    // graphql-ws closes every socket with 1001 (Going away), then the server.
    dispose: async () => {
      await disposable.dispose();
    },
  };
}
