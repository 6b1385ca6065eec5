// One API request, start to finish:
//   request id → dialect → control route? → route match (pure) → latency → 401 → 406 → fault? → 404/405
//   → handler (the dialect's route table: Atrium's, or Atrium's behind the Platform API's shapes).
// Everything after authentication is recorded; the fault is decided before the handler runs, so a
// faulted request changes no state. Control routes skip latency, faults and recording.
import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { UNMATCHED_ROUTE, type RingCallRecorder } from "./call-recorder.js";
import { CONTROL_PREFIX, handleControlRequest, type ControlDeps } from "./control-routes.js";
import { answerWithFault, faultStatus } from "./fault-responses.js";
import {
  errorReply,
  HttpError,
  jsonReply,
  parseJsonBody,
  readRequestBody,
  writeReply,
  type Reply,
} from "./http-io.js";
import type { Router } from "./router.js";
import { OPENAPI_PATH, sandboxOpenApi } from "./openapi.js";
import { ATRIUM_ROUTES } from "./routes/index.js";
import type { RouteHandler } from "./routes/context.js";
import type { SandboxState } from "./state.js";
import type { TimerRegistry } from "./timers.js";
import { dialectRules, type SandboxDialect } from "./wire-dialect.js";

/** What the pipeline needs. */
export interface PipelineDeps {
  apiKey: string;
  clientId: string;
  routers: Readonly<Record<SandboxDialect, Router<RouteHandler>>>;
  state: SandboxState;
  calls: RingCallRecorder;
  timers: TimerRegistry;
  control: ControlDeps;
}

function splitUrl(url: string): { pathname: string; query: URLSearchParams } {
  const mark = url.indexOf("?");
  if (mark < 0) return { pathname: url, query: new URLSearchParams() };
  return { pathname: url.slice(0, mark), query: new URLSearchParams(url.slice(mark + 1)) };
}

function replyForError(error: unknown): Reply {
  if (error instanceof HttpError) {
    // After a refused body the connection cannot be reused safely (unread bytes may follow).
    const headers = error.status === 413 ? { ...error.headers, Connection: "close" } : error.headers;
    return errorReply(error.status, error.message, headers);
  }
  console.error("sandbox: unexpected error", error);
  return errorReply(500, "internal sandbox error");
}

/** Handles one request; never rejects. */
export async function handleRequest(
  deps: PipelineDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const arrivedAt = Date.now();
  res.setHeader("X-Request-Id", randomUUID());
  const method = (req.method ?? "GET").toUpperCase();
  const { pathname, query } = splitUrl(req.url ?? "/");
  const rules = dialectRules(req.headers, deps.apiKey, deps.clientId);

  if (pathname === OPENAPI_PATH && method === "GET") {
    // A public description of the API, like MX's own: no key needed, never delayed or recorded.
    const url = `http://${req.headers.host ?? "127.0.0.1"}`;
    writeReply(res, jsonReply(sandboxOpenApi(ATRIUM_ROUTES, url)), "application/json");
    return;
  }
  if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
    if (!rules.authorized) writeReply(res, errorReply(401, rules.unauthorizedMessage), "application/json");
    else await handleControlRequest(deps.control, req, res, pathname, query);
    return;
  }

  const match = deps.routers[rules.dialect].match(method, pathname);
  const route =
    match.kind === "found"
      ? match.route.template
      : match.kind === "wrong-method"
        ? match.template
        : UNMATCHED_ROUTE;
  const params = match.kind === "not-found" ? {} : match.params;
  const settings = deps.state.settings;
  // Read on arrival, as a real server would: a client that gives up during the latency
  // (a timeout) still has its request applied, which is what makes its outcome "in doubt".
  const body = readRequestBody(req);
  body.catch(() => undefined);
  await deps.timers.delay(settings.latencyByRoute.get(route) ?? settings.latencyMs);

  if (!rules.authorized) {
    writeReply(res, errorReply(401, rules.unauthorizedMessage), rules.contentType);
    return;
  }
  const record = (status: number, faulted: boolean): void => {
    deps.calls.record({
      method,
      route,
      path: pathname,
      status,
      ...(params.member_guid !== undefined ? { memberGuid: params.member_guid } : {}),
      ...(params.user_guid !== undefined ? { userGuid: params.user_guid } : {}),
      arrivedAt,
      at: Date.now(),
      faulted,
      dialect: rules.dialect,
      headerNames: Object.keys(req.headers),
    });
  };
  const answer = (reply: Reply): void => {
    record(reply.status, false);
    writeReply(res, reply, rules.contentType);
  };

  if (rules.versionProblem !== undefined) {
    answer(errorReply(406, rules.versionProblem));
    return;
  }
  const fault = deps.state.faults.decide({ method, route, memberGuid: params.member_guid });
  if (fault !== undefined) {
    record(faultStatus(fault), true);
    answerWithFault(res, fault, {
      method,
      route,
      timers: deps.timers,
      hangMs: settings.hangMs,
      contentType: rules.contentType,
    });
    return;
  }
  if (match.kind === "not-found") {
    answer(errorReply(404, "URL path not recognized"));
    return;
  }
  if (match.kind === "wrong-method") {
    answer(
      errorReply(405, `${method} is not allowed on ${match.template}`, { Allow: match.allowed.join(", ") }),
    );
    return;
  }
  let reply: Reply;
  try {
    reply = await match.route.handler({
      state: deps.state,
      params,
      query,
      readJson: async () => parseJsonBody(await body),
    });
  } catch (error) {
    reply = replyForError(error);
  }
  answer(reply);
}
