/**
 * The context of one HTTP operation: a request id (the caller's X-Request-Id
 * when it looks like one), the viewer from the bearer token, and that viewer's
 * own data source. A present but invalid token fails the whole request (401);
 * a missing one leaves the viewer empty, so fields answer UNAUTHENTICATED.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { GraphQLError } from "graphql";
import { bearerToken, type TokenVerifier } from "../../auth/token-verifier.js";
import type { Viewer } from "../../auth/viewer.js";
import type { AtriumDataSource } from "../../datasources/atrium-data-source.js";
import type { Logger } from "../../observability/logger.js";
import type { GraphQLContext } from "../../graphql/context.js";
import type { MemberStatusFeed } from "../../graphql/member-status-feed.js";
import { requestIdOf } from "./request-id.middleware.js";
import { pickRequestId } from "../../graphql/request-id.js";

export interface HttpContextDeps {
  verifier: TokenVerifier;
  dataSourceFor: (viewer: Viewer) => AtriumDataSource;
  statusFeed: MemberStatusFeed;
  logger: Logger;
}

/**
 * A child logger costs a redaction set-up, so it is made only when something
 * logs. The getter lives on the prototype: Apollo copies the context's own
 * properties per operation, which would otherwise call it every time.
 */
class HttpOperationContext implements GraphQLContext {
  private requestLogger: Logger | undefined = undefined;

  constructor(
    readonly requestId: string,
    private readonly baseLogger: Logger,
    readonly viewer: Viewer | null,
    readonly atrium: AtriumDataSource | null,
    readonly statusFeed: MemberStatusFeed,
  ) {}

  get logger(): Logger {
    return (this.requestLogger ??= this.baseLogger.child({ requestId: this.requestId }));
  }
}

export function httpContext(deps: HttpContextDeps) {
  return async ({ req, res }: { req: IncomingMessage; res: ServerResponse }): Promise<GraphQLContext> => {
    // Chosen before the body was parsed (request-id.middleware.ts); picked here when used without it.
    const requestId = requestIdOf(res) || pickRequestId(req.headers["x-request-id"]);
    const token = bearerToken(req.headers.authorization);
    let viewer: Viewer | null = null;
    if (token) {
      try {
        viewer = await deps.verifier.verify(token);
      } catch (error) {
        deps.logger
          .child({ requestId })
          .info({ reason: error instanceof Error ? error.message : "invalid" }, "token refused");
        throw new GraphQLError("Authentication required: send a valid bearer token.", {
          extensions: { code: "UNAUTHENTICATED", requestId, http: { status: 401 } },
        });
      }
    }
    const atrium = viewer ? deps.dataSourceFor(viewer) : null;
    return new HttpOperationContext(requestId, deps.logger, viewer, atrium, deps.statusFeed);
  };
}
