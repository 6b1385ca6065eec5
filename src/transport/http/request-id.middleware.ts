/**
 * One request id per HTTP request, chosen before anything can fail: the
 * caller's `X-Request-Id` when it looks like one, else a new one. It is echoed
 * in the `x-request-id` header, used by the GraphQL context, and written into
 * every error body that does not carry it yet — also the ones Apollo and the
 * body parser produce before any context exists (bad JSON, 413, batch, CSRF).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";
import { pickRequestId } from "../../graphql/request-id.js";

/** Express keeps it in `res.locals`; the node:http path of `POST /graphql` sets the same field. */
type WithLocals = ServerResponse & { locals?: Record<string, unknown> };

export function requestIdOf(res: ServerResponse): string {
  const id: unknown = (res as WithLocals).locals?.["requestId"];
  return typeof id === "string" ? id : "";
}

/** Chooses the request's id, remembers it on the response and echoes it in `x-request-id`. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const requestId = pickRequestId(req.headers["x-request-id"]);
  const withLocals = res as WithLocals;
  if (withLocals.locals) withLocals.locals["requestId"] = requestId;
  else withLocals.locals = { requestId };
  res.setHeader("x-request-id", requestId);
  return requestId;
}

/** Adds `extensions.requestId` to each error of a JSON GraphQL error body that lacks one. */
export function withRequestIdOnErrors(body: string, requestId: string): string {
  if (!body.includes('"errors"')) return body;
  let parsed: { errors?: Array<{ extensions?: Record<string, unknown> }> };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return body;
  }
  if (!Array.isArray(parsed.errors)) return body;
  let changed = false;
  for (const error of parsed.errors) {
    if (error.extensions?.["requestId"]) continue;
    error.extensions = { ...error.extensions, requestId };
    changed = true;
  }
  return changed ? JSON.stringify(parsed) : body;
}

export function requestIdMiddleware(): RequestHandler {
  return (req, res, next) => {
    const requestId = assignRequestId(req, res);
    const send = res.send.bind(res);
    // Successful answers pass untouched; only error statuses are inspected.
    res.send = (body?: unknown) =>
      send(res.statusCode >= 400 && typeof body === "string" ? withRequestIdOnErrors(body, requestId) : body);
    next();
  };
}
