/**
 * Express's default error page is HTML and, outside production, carries a
 * stack trace. Body-parser failures (413 too large, 400 bad JSON) get a
 * GraphQL-shaped JSON error instead, and nothing else leaks.
 */
import type { ErrorRequestHandler } from "express";
import type { Logger } from "../observability/logger.js";
import { requestIdOf } from "./request-id.middleware.js";

export function jsonErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const requestId = requestIdOf(res) || undefined;
    if (res.headersSent) {
      next(error);
      return;
    }
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
    res.status(httpStatus).json({ errors: [{ message, extensions: { code, requestId } }] });
  };
}
