/**
 * The context of one HTTP operation: a request id (the caller's X-Request-Id
 * when it looks like one), the viewer from the bearer token, and that viewer's
 * own data source. A present but invalid token fails the whole request (401);
 * a missing one leaves the viewer empty, so fields answer UNAUTHENTICATED.
 */
import type { Request, Response } from "express";
import { GraphQLError } from "graphql";
import { bearerToken, type TokenVerifier } from "../auth/token-verifier.js";
import type { Viewer } from "../auth/viewer.js";
import type { AtriumDataSource } from "../datasources/atrium-data-source.js";
import type { Logger } from "../observability/logger.js";
import type { GraphQLContext } from "./context.js";
import type { MemberStatusFeed } from "./member-status-feed.js";
import { requestIdOf } from "../http/request-id.middleware.js";
import { pickRequestId } from "./request-id.js";

export interface HttpContextDeps {
  verifier: TokenVerifier;
  dataSourceFor: (viewer: Viewer) => AtriumDataSource;
  statusFeed: MemberStatusFeed;
  logger: Logger;
}

export function httpContext(deps: HttpContextDeps) {
  return async ({ req, res }: { req: Request; res: Response }): Promise<GraphQLContext> => {
    // Chosen by requestIdMiddleware before the body was parsed; picked here when used without it.
    const requestId = requestIdOf(res) || pickRequestId(req.headers["x-request-id"]);
    let requestLogger: Logger | undefined;
    // A child logger costs a redaction set-up: made only when something logs.
    const logger = (): Logger => (requestLogger ??= deps.logger.child({ requestId }));
    const token = bearerToken(req.headers.authorization);
    let viewer: Viewer | null = null;
    if (token) {
      try {
        viewer = await deps.verifier.verify(token);
      } catch (error) {
        logger().info({ reason: error instanceof Error ? error.message : "invalid" }, "token refused");
        throw new GraphQLError("Authentication required: send a valid bearer token.", {
          extensions: { code: "UNAUTHENTICATED", requestId, http: { status: 401 } },
        });
      }
    }
    return {
      requestId,
      get logger() {
        return logger();
      },
      viewer,
      atrium: viewer ? deps.dataSourceFor(viewer) : null,
      statusFeed: deps.statusFeed,
    };
  };
}
