/**
 * Express's default error page is HTML and, outside production, carries a
 * stack trace. Body-parser failures (413 too large, 400 bad JSON) get a
 * GraphQL-shaped JSON error instead, and nothing else leaks. The same reply
 * serves express's routes and the node:http path of `POST /graphql`.
 */
import type { ServerResponse } from "node:http";
import type { ErrorRequestHandler } from "express";
import type { Logger } from "../../observability/logger.js";
import { requestIdOf } from "./request-id.middleware.js";

export interface JsonErrorReply {
  status: number;
  body: { errors: Array<{ message: string; extensions: { code: string; requestId: string | undefined } }> };
}

export function jsonErrorReply(
  error: unknown,
  logger: Logger,
  requestId: string | undefined,
): JsonErrorReply {
  const status = (error as { status?: unknown }).status;
  const httpStatus = typeof status === "number" && status >= 400 && status < 500 ? status : 500;
  const message =
    httpStatus === 413
      ? "Request body too large."
      : httpStatus < 500
        ? "Malformed request body."
        : "Internal server error.";
  if (httpStatus >= 500) {
    logger.error(
      { err: { type: (error as Error).name, message: (error as Error).message }, requestId },
      "http error",
    );
  }
  const code = httpStatus >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST";
  return { status: httpStatus, body: { errors: [{ message, extensions: { code, requestId } }] } };
}

/** Writes the reply on a bare node:http response, as express's `res.json` would. */
export function writeJsonError(
  res: ServerResponse,
  error: unknown,
  logger: Logger,
  requestId: string | undefined,
): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const reply = jsonErrorReply(error, logger, requestId);
  res.statusCode = reply.status;
  res.setHeader("content-type", "application/json; charset=utf-8");
  res.end(JSON.stringify(reply.body));
}

export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const requestId = requestIdOf(res) || undefined;
    if (res.headersSent) {
      next(error);
      return;
    }
    const reply = jsonErrorReply(error, logger, requestId);
    res.status(reply.status).json(reply.body);
  };
}
