/**
 * `POST /graphql` on bare node:http: the request id first, CORS through the
 * same `cors` middleware express runs, the JSON body within the same limit
 * (plain-json-body.ts, body-parser for anything unusual), then Apollo's own
 * HTTP entry point (`executeHTTPGraphQLRequest`); error bodies get the request
 * id as on express's routes (request-id.middleware.ts). Express's router,
 * request and response wrappers and its ETag (a sha1 of every answer) cost a
 * fifth of an operation's CPU and add nothing a GraphQL POST needs; every other
 * route and method still goes through express.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { HeaderMap, type ApolloServer, type BaseContext } from "@apollo/server";
import type { Logger } from "../../observability/logger.js";
import { writeJsonError } from "./json-error-handler.js";
import { assignRequestId, withRequestIdOnErrors } from "./request-id.middleware.js";

/** A connect-style middleware (cors, body-parser) run on a bare request. */
export type NodeMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next: (error?: unknown) => void,
) => void;

export interface GraphqlPostOptions<TContext extends BaseContext> {
  apollo: ApolloServer<TContext>;
  path: string;
  cors: NodeMiddleware;
  json: NodeMiddleware;
  context: (args: { req: IncomingMessage; res: ServerResponse }) => Promise<TContext>;
  logger: Logger;
}

/** Exactly `POST <path>` (with or without a query string); anything else is express's. */
export function isGraphqlPost(req: IncomingMessage, path: string): boolean {
  if (req.method !== "POST") return false;
  const url = req.url ?? "";
  return url.startsWith(path) && (url.length === path.length || url.charCodeAt(path.length) === 63); /* ? */
}

export function graphqlPostHandler<TContext extends BaseContext>(
  options: GraphqlPostOptions<TContext>,
): (req: IncomingMessage, res: ServerResponse) => void {
  const { apollo, logger } = options;
  const execute = async (
    req: IncomingMessage & { body?: unknown },
    res: ServerResponse,
    requestId: string,
  ): Promise<void> => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(", ") : value);
    }
    const url = req.url ?? "";
    const mark = url.indexOf("?");
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: {
        method: "POST",
        headers,
        search: mark < 0 ? "" : url.slice(mark),
        body: req.body,
      },
      context: () => options.context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === "complete") {
      const body = response.body.string;
      res.end(res.statusCode >= 400 ? withRequestIdOnErrors(body, requestId) : body);
      return;
    }
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
  return (req, res) => {
    const requestId = assignRequestId(req, res);
    const fail = (error: unknown): void => writeJsonError(res, error, logger, requestId);
    options.cors(req, res, (corsError) => {
      if (corsError) return fail(corsError);
      options.json(req, res, (bodyError) => {
        if (bodyError) return fail(bodyError);
        execute(req, res, requestId).catch(fail);
      });
    });
  };
}
