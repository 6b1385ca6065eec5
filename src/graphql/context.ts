/**
 * The GraphQL context: who asks, and that caller's own data source. HTTP builds
 * one per request; graphql-ws one per subscription operation.
 */
import type { AtriumDataSource } from "../datasources/atrium-data-source.js";
import type { Viewer } from "../auth/viewer.js";
import type { Logger } from "../observability/logger.js";
import { unauthenticated } from "./errors.js";
import type { MemberStatusFeed } from "./member-status-feed.js";

export interface GraphQLContext {
  requestId: string;
  logger: Logger;
  /** Null when the request carried no token; resolvers then fail with UNAUTHENTICATED. */
  viewer: Viewer | null;
  /** The viewer's data source; null exactly when viewer is null. */
  atrium: AtriumDataSource | null;
  /** Live status events for subscriptions. */
  statusFeed: MemberStatusFeed;
}

/** The viewer's data source, or UNAUTHENTICATED. */
export function requireAtrium(ctx: GraphQLContext): AtriumDataSource {
  if (!ctx.atrium || !ctx.viewer) throw unauthenticated();
  return ctx.atrium;
}
