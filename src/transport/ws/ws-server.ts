/**
 * graphql-ws on the HTTP server's `/graphql` path. Apollo's plugins,
 * formatError and CSRF checks do not run here, so authentication, error codes
 * and masking are applied in graphql-ws's own hooks (DESIGN.md "Subscription hygiene").
 */
import type { Server as HttpServer } from "node:http";
import { randomUUID } from "node:crypto";
import {
  GraphQLError,
  execute,
  getOperationAST,
  OperationTypeNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from "graphql";
import { WebSocketServer } from "ws";
import type { TokenVerifier } from "../../auth/token-verifier.js";
import { bearerToken } from "../../auth/token-verifier.js";
import type { Viewer } from "../../auth/viewer.js";
import type { AtriumDataSource } from "../../datasources/atrium-data-source.js";
import type { Logger } from "../../observability/logger.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { formatClientError } from "../../graphql/errors.js";
import { MAX_TOKENS, checkQueryLimits, costExtension, type QueryLimits } from "../../graphql/query-limits.js";
import { DocumentCache } from "../../graphql/document-cache.js";
import { subscribeWithSharedExecution } from "./shared-subscription-execution.js";
import type { MemberStatusFeed } from "../../graphql/member-status-feed.js";
import { batchTextFrames } from "./websocket-frame-batcher.js";
import { serveGraphqlWs, type WsExtra } from "./ws-transport.js";
import { WsLimitCounters, type WsLimits } from "./ws-limits.js";
import { WsSessionGuard, type SessionState } from "./ws-session-guard.js";
import { withoutSuggestions } from "../../graphql/schema-exposure.js";
import { checkVariablesDepth } from "../../graphql/variables-depth.js";
import { runInUpstreamScope } from "../../datasources/upstream-scope.js";

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
  /** Overall upstream deadline of a query or mutation over the socket. */
  upstreamDeadlineMs: number;
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

/**
 * Errors get their codes and masking once per event (the result is shared by
 * all subscribers); they stay GraphQLErrors because graphql-ws serialises them
 * with `toJSON()`.
 */
function formatResult(result: ExecutionResult): ExecutionResult {
  // graphql-js builds results from null-prototype objects, which JSON.stringify
  // walks on its slow path; graphql-ws stringifies the shared result once per
  // subscriber, so it is turned into plain objects once per event.
  if (!result.errors?.length) return JSON.parse(JSON.stringify(result)) as ExecutionResult;
  const errors = result.errors.map((error) => {
    const formatted = formatClientError(error.toJSON(), error);
    return new GraphQLError(formatted.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      extensions: formatted.extensions,
    });
  });
  return { ...result, errors };
}

/** What one open operation of a socket carries: its request id (errors carry it, as over HTTP) and cost. */
interface OperationState {
  requestId: string;
  cost?: number | undefined;
}

type ConnectionExtra = WsExtra &
  SessionState & {
    /** Each open operation, by its protocol id. */
    operations?: Map<string, OperationState>;
  };

function operationOf(extra: ConnectionExtra, id: string): OperationState {
  let operations = extra.operations;
  if (!operations) extra.operations = operations = new Map();
  let state = operations.get(id);
  if (!state) {
    state = { requestId: randomUUID() };
    operations.set(id, state);
  }
  return state;
}

const isSubscription = (args: ExecutionArgs): boolean =>
  getOperationAST(args.document, args.operationName)?.operation === OperationTypeNode.SUBSCRIPTION;

/** Queries and mutations over the socket: executed as graphql-ws would, with errors masked and coded. */
async function executeFormatted(args: ExecutionArgs): Promise<ExecutionResult> {
  return formatResult(await execute(args));
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
  const scrub = (message: string): string => (options.production ? withoutSuggestions(message) : message);

  const disposable = serveGraphqlWs<Record<string, unknown> | undefined, ConnectionExtra>(
    wss,
    {
      schema: options.schema,
      // Authentication at connection_init: a missing or bad token closes the socket with 4403;
      // the token is checked again at every subscribe and the socket closed (4403) at its expiry.
      onConnect: (ctx) => {
        const header = ctx.connectionParams?.["authorization"] ?? ctx.connectionParams?.["Authorization"];
        return guard.connect(ctx.extra, typeof header === "string" ? bearerToken(header) : undefined);
      },
      onClose: (ctx) => guard.disconnect(ctx.extra),
      // Apollo's validation plugins do not run here: parse, validate (cached by query
      // text) and apply the same limits.
      onSubscribe: async (ctx, id, payload) => {
        const tooDeep = checkVariablesDepth(payload.variables);
        if (tooDeep) return [tooDeep];
        const cached = documents.get(payload.query);
        if (cached.errors) return cached.errors;
        const check = checkQueryLimits(
          options.schema,
          cached.document,
          payload.variables ?? undefined,
          payload.operationName,
          options.limits,
        );
        operationOf(ctx.extra, id).cost = check.cost;
        if (check.error) return [check.error];
        const refused = await guard.admit(ctx.extra, id, Object.keys(ctx.subscriptions).length);
        if (refused) return [refused];
        return {
          schema: options.schema,
          document: cached.document,
          variableValues: payload.variables,
          operationName: payload.operationName,
        };
      },
      // As over HTTP: one upstream deadline per operation, spent from the viewer's budget.
      execute: (args) => {
        const viewer = (args.contextValue as GraphQLContext).viewer;
        const scope = { deadlineAt: Date.now() + options.upstreamDeadlineMs, userGuid: viewer?.userGuid };
        return runInUpstreamScope(scope, () => executeFormatted(args));
      },
      subscribe: (args) => subscribeWithSharedExecution(args, formatResult),
      context: (ctx, id, _payload, args): GraphQLContext => {
        const { requestId } = operationOf(ctx.extra, id);
        const viewer = ctx.extra.viewer ?? null;
        let operationLogger: Logger | undefined;
        return {
          requestId,
          // A child logger costs a redaction set-up: made only when something logs.
          get logger() {
            return (operationLogger ??= logger.child({ requestId, connectionId: ctx.extra.connectionId }));
          },
          viewer,
          // Queries and mutations get their own data source, as over HTTP. No DataLoader lives
          // for a subscription's lifetime: its events carry the poller's reading.
          atrium: viewer && !isSubscription(args) ? options.dataSourceFor(viewer) : null,
          statusFeed: options.statusFeed,
        };
      },
      // Subscription results are shared by every subscriber of an event (formatted once);
      // only error events are copied, to carry this operation's request id. Returning the
      // result itself spares graphql-ws a copy of it per subscriber. A query's or mutation's
      // single result also carries its cost, as over HTTP.
      onNext: (ctx, id, _payload, args, result) => {
        const state = operationOf(ctx.extra, id);
        const cost = isSubscription(args) ? undefined : costExtension(state.cost, options.limits);
        if (!result.errors?.length && !cost) return result;
        const { requestId } = state;
        return {
          ...result,
          ...(cost ? { extensions: { ...result.extensions, cost } } : {}),
          ...(result.errors?.length
            ? {
                errors: result.errors.map((e) => {
                  const json = e.toJSON();
                  return {
                    ...json,
                    message: scrub(json.message),
                    extensions: { ...json.extensions, requestId },
                  };
                }),
              }
            : {}),
        };
      },
      onComplete: (ctx, id) => {
        ctx.extra.operations?.delete(id);
        guard.release(ctx.extra, id);
      },
      onError: (ctx, id, _payload, errors) => {
        // An error message ends the operation (no onComplete follows).
        const { requestId } = operationOf(ctx.extra, id);
        ctx.extra.operations?.delete(id);
        guard.release(ctx.extra, id);
        return errors.map((e) => {
          const formatted = formatClientError(e.toJSON(), e, { requestId });
          if (formatted.extensions?.["code"] === "INTERNAL_SERVER_ERROR") {
            logger.error(
              { err: e.originalError ?? e, requestId },
              "subscription failed (masked for the client)",
            );
          }
          return { ...formatted, message: scrub(formatted.message) };
        });
      },
    },
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
