/**
 * The graphql-ws hooks: authentication at connection_init, validation and the
 * same limits as over HTTP at subscribe, execution in an upstream scope, a
 * per-operation context, and errors coded, masked and carrying the request id.
 * Apollo's plugins do not run on graphql-ws, so these do their work here.
 */
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
import type { Context, ServerOptions, SubscribePayload } from "graphql-ws";
import { bearerToken } from "../../auth/token-verifier.js";
import type { Viewer } from "../../auth/viewer.js";
import type { AtriumDataSource } from "../../datasources/atrium-data-source.js";
import type { Logger } from "../../observability/logger.js";
import type { GraphQLContext } from "../../graphql/context.js";
import { formatClientError } from "../../graphql/errors.js";
import { checkQueryLimits, costExtension, type QueryLimits } from "../../graphql/query-limits.js";
import type { DocumentCache } from "../../graphql/document-cache.js";
import type { MemberStatusFeed } from "../../graphql/member-status-feed.js";
import { withoutSuggestions } from "../../graphql/schema-exposure.js";
import { checkVariablesDepth } from "../../graphql/variables-depth.js";
import { subscribeWithSharedExecution } from "./shared-subscription-execution.js";
import type { WsExtra } from "./ws-transport.js";
import type { SessionState, WsSessionGuard } from "./ws-session-guard.js";

export interface WsHookDeps {
  schema: GraphQLSchema;
  documents: DocumentCache;
  guard: WsSessionGuard;
  limits: QueryLimits;
  production: boolean;
  dataSourceFor: (viewer: Viewer) => AtriumDataSource;
  statusFeed: MemberStatusFeed;
  logger: Logger;
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

export type ConnectionExtra = WsExtra &
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

/** By execution arguments: graphql-ws passes one object per operation, to every event's hook. */
const subscriptionArgs = new WeakMap<ExecutionArgs, boolean>();

function isSubscription(args: ExecutionArgs): boolean {
  let known = subscriptionArgs.get(args);
  if (known === undefined) {
    known = getOperationAST(args.document, args.operationName)?.operation === OperationTypeNode.SUBSCRIPTION;
    subscriptionArgs.set(args, known);
  }
  return known;
}

/** Queries and mutations over the socket: executed as graphql-ws would, with errors masked and coded. */
async function executeFormatted(args: ExecutionArgs): Promise<ExecutionResult> {
  return formatResult(await execute(args));
}

type Hooks = ServerOptions<Record<string, unknown> | undefined, WsExtra & ConnectionExtra>;

/** Apollo's validation plugins do not run here: parse, validate (cached by query text), the same limits. */
function onSubscribe(options: WsHookDeps): NonNullable<Hooks["onSubscribe"]> {
  return async (ctx, id, payload) => {
    const tooDeep = checkVariablesDepth(payload.variables);
    if (tooDeep) return [tooDeep];
    const cached = options.documents.get(payload.query);
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
    const refused = await options.guard.admit(ctx.extra, id, Object.keys(ctx.subscriptions).length);
    if (refused) return [refused];
    return {
      schema: options.schema,
      document: cached.document,
      variableValues: payload.variables,
      operationName: payload.operationName,
    };
  };
}

type ContextFn = (
  ctx: Context<Record<string, unknown> | undefined, WsExtra & ConnectionExtra>,
  id: string,
  payload: SubscribePayload,
  args: ExecutionArgs,
) => GraphQLContext;

function contextOf(options: WsHookDeps): ContextFn {
  return (ctx, id, _payload, args) => {
    const { requestId } = operationOf(ctx.extra, id);
    const viewer = ctx.extra.viewer ?? null;
    let operationLogger: Logger | undefined;
    return {
      requestId,
      // A child logger costs a redaction set-up: made only when something logs.
      get logger() {
        return (operationLogger ??= options.logger.child({
          requestId,
          connectionId: ctx.extra.connectionId,
        }));
      },
      viewer,
      // Queries and mutations get their own data source, as over HTTP. No DataLoader lives
      // for a subscription's lifetime: its events carry the poller's reading.
      atrium: viewer && !isSubscription(args) ? options.dataSourceFor(viewer) : null,
      statusFeed: options.statusFeed,
    };
  };
}

/**
 * Subscription results are shared by every subscriber of an event (formatted once);
 * only error events are copied, to carry this operation's request id. Returning the
 * result itself spares graphql-ws a copy of it per subscriber. A query's or mutation's
 * single result also carries its cost, as over HTTP.
 */
function onNext(options: WsHookDeps, scrub: (message: string) => string): NonNullable<Hooks["onNext"]> {
  return (ctx, id, _payload, args, result) => {
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
              return { ...json, message: scrub(json.message), extensions: { ...json.extensions, requestId } };
            }),
          }
        : {}),
    };
  };
}

/** An error message ends the operation (no onComplete follows). */
function onError(options: WsHookDeps, scrub: (message: string) => string): NonNullable<Hooks["onError"]> {
  return (ctx, id, _payload, errors) => {
    const { requestId } = operationOf(ctx.extra, id);
    ctx.extra.operations?.delete(id);
    options.guard.release(ctx.extra, id);
    return errors.map((e) => {
      const formatted = formatClientError(e.toJSON(), e, { requestId });
      if (formatted.extensions?.["code"] === "INTERNAL_SERVER_ERROR") {
        options.logger.error(
          { err: e.originalError ?? e, requestId },
          "subscription failed (masked for the client)",
        );
      }
      return { ...formatted, message: scrub(formatted.message) };
    });
  };
}

/** The hooks, each small and named above. */
export function graphqlWsHooks(options: WsHookDeps): Hooks {
  const { guard } = options;
  const scrub = (message: string): string => (options.production ? withoutSuggestions(message) : message);
  return {
    schema: options.schema,
    // Authentication at connection_init: a missing or bad token closes the socket with 4403;
    // the token is checked again at every subscribe and the socket closed (4403) at its expiry.
    onConnect: (ctx) => {
      const header = ctx.connectionParams?.["authorization"] ?? ctx.connectionParams?.["Authorization"];
      return guard.connect(ctx.extra, typeof header === "string" ? bearerToken(header) : undefined);
    },
    onClose: (ctx) => guard.disconnect(ctx.extra),
    onSubscribe: onSubscribe(options),
    execute: executeFormatted,
    subscribe: (args) => subscribeWithSharedExecution(args, formatResult),
    context: contextOf(options),
    onNext: onNext(options, scrub),
    onComplete: (ctx, id) => {
      ctx.extra.operations?.delete(id);
      guard.release(ctx.extra, id);
    },
    onError: onError(options, scrub),
  };
}
