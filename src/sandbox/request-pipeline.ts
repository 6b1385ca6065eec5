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

/** One API request as the pipeline sees it after routing. */
interface Exchange {
  method: string;
  pathname: string;
  route: string;
  params: Record<string, string>;
  match: ReturnType<Router<RouteHandler>["match"]>;
  rules: ReturnType<typeof dialectRules>;
  arrivedAt: number;
}

function routeOf(match: Exchange["match"]): string {
  if (match.kind === "found") return match.route.template;
  return match.kind === "wrong-method" ? match.template : UNMATCHED_ROUTE;
}

/** Records the exchange in the call recorder (what tests count) with its final status. */
function recorder(
  deps: PipelineDeps,
  req: IncomingMessage,
  x: Exchange,
): (status: number, faulted: boolean) => void {
  return (status, faulted) =>
    deps.calls.record({
      method: x.method,
      route: x.route,
      path: x.pathname,
      status,
      ...(x.params["member_guid"] !== undefined ? { memberGuid: x.params["member_guid"] } : {}),
      ...(x.params["user_guid"] !== undefined ? { userGuid: x.params["user_guid"] } : {}),
      arrivedAt: x.arrivedAt,
      at: Date.now(),
      faulted,
      dialect: x.rules.dialect,
      headerNames: Object.keys(req.headers),
    });
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
  const x: Exchange = {
    method,
    pathname,
    route: routeOf(match),
    params: match.kind === "not-found" ? {} : match.params,
    match,
    rules,
    arrivedAt,
  };
  const settings = deps.state.settings;
  // Read on arrival, as a real server would: a client that gives up during the latency
  // (a timeout) still has its request applied, which is what makes its outcome "in doubt".
  const body = readRequestBody(req);
  body.catch(() => undefined);
  await deps.timers.delay(settings.latencyByRoute.get(x.route) ?? settings.latencyMs);

  if (!rules.authorized) {
    writeReply(res, errorReply(401, rules.unauthorizedMessage), rules.contentType);
    return;
  }
  const record = recorder(deps, req, x);
  const answer = (reply: Reply): void => {
    record(reply.status, false);
    writeReply(res, reply, rules.contentType);
  };
  const fault =
    rules.versionProblem === undefined
      ? deps.state.faults.decide({ method, route: x.route, memberGuid: x.params["member_guid"] })
      : undefined;
  if (fault !== undefined) {
    record(faultStatus(fault), true);
    answerWithFault(res, fault, {
      method,
      route: x.route,
      timers: deps.timers,
      hangMs: settings.hangMs,
      contentType: rules.contentType,
    });
    return;
  }
  answer(await reply(deps, x, query, body));
}

/** The answer: a refusal (406, 404, 405) or the route handler's. */
async function reply(
  deps: PipelineDeps,
  x: Exchange,
  query: URLSearchParams,
  body: Promise<Buffer>,
): Promise<Reply> {
  if (x.rules.versionProblem !== undefined) return errorReply(406, x.rules.versionProblem);
  const { match } = x;
  if (match.kind === "not-found") return errorReply(404, "URL path not recognized");
  if (match.kind === "wrong-method") {
    return errorReply(405, `${x.method} is not allowed on ${match.template}`, {
      Allow: match.allowed.join(", "),
    });
  }
  try {
    return await match.route.handler({
      state: deps.state,
      params: x.params,
      query,
      readJson: async () => parseJsonBody(await body),
    });
  } catch (error) {
    return replyForError(error);
  }
}
