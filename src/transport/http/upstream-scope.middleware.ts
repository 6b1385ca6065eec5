import type { RequestHandler } from "express";
import { runInUpstreamScope } from "../../datasources/upstream-scope.js";

/**
 * Runs the rest of an HTTP GraphQL request inside its upstream scope: one
 * deadline for all its upstream calls (UPSTREAM_DEADLINE_MS from arrival); the
 * context fills in the viewer whose budget the calls spend.
 */
export function upstreamScope(deadlineMs: number): RequestHandler {
  return (_req, _res, next) => runInUpstreamScope({ deadlineAt: Date.now() + deadlineMs }, next);
}
