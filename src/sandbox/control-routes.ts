// The control API over HTTP, for `npm run sandbox` users (curl) and out-of-process tests.
//
// Every `/_sandbox/…` route needs the same `MX-API-Key` / `MX-Client-ID` headers as the API (any
// Accept), takes and answers `application/json` (snake_case keys), and is never faulted, delayed or
// recorded. Errors: `{"error": {"message": …}}` — 404 unknown member/route, 400 bad JSON, 422 bad values.
//
//   GET    /_sandbox/demo                          → 200 {"demo": {user_guid, identifier, members: {noMfa: "MBR-…", …}}}
//   POST   /_sandbox/faults                        {"kind": "503", "method"?, "route"?, "member_guid"?, "times"?,
//                                                   "retry_after_seconds"?}                        → 204
//          kinds: 500 502 503 429 hang malformed missing-fields html empty
//   DELETE /_sandbox/faults                        → 204 (removes injected rules)
//   PUT    /_sandbox/fault_rate                    {"rate": 0.2}                                  → 204
//   PUT    /_sandbox/latency                       {"ms": 500, "route"?: "/users/:user_guid/members/:member_guid/status"} → 204
//   PUT    /_sandbox/identification                {"enabled": false}                              → 204
//   PUT    /_sandbox/speed                         {"speed": 10}                                   → 204
//   PUT    /_sandbox/webhook                       {"url", "username", "password"} → 204 (MX webhooks from now on)
//   DELETE /_sandbox/webhook                       → 204 (no more webhooks)
//   GET    /_sandbox/calls?method=&route=&member_guid=&user_guid= → 200 {"count": n, "calls": [...]}
//   DELETE /_sandbox/calls                         → 204
//   GET    /_sandbox/members/{member_guid}         → 200 {"member", "status", "accounts", "account_owners",
//                                                         "account_numbers", "transactions"} (what the API shows)
//   POST   /_sandbox/members/{member_guid}/advance → 200 {"member": <status view>} (fires the next job step now)
//   POST   /_sandbox/members/{member_guid}/settle  → 200 {"member": <status view>} (until CHALLENGED or the end)
//   PUT    /_sandbox/members/{member_guid}/status  {"connection_status"?, "is_being_aggregated"?, "status"?} → 200 {"member"}
//
// Example: curl -X POST -H 'MX-API-Key: sandbox-api-key' -H 'MX-Client-ID: sandbox-client-id' \
//            -d '{"kind":"503","route":"/users/:user_guid/members/:member_guid/identify"}' http://127.0.0.1:4010/_sandbox/faults
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RingCallRecorder } from "./call-recorder.js";
import { UnknownMemberError, type SandboxControls } from "./controls.js";
import type { FaultKind } from "./faults.js";
import {
  errorReply,
  HttpError,
  jsonReply,
  parseJsonBody,
  readRequestBody,
  writeReply,
  type Reply,
} from "./http-io.js";
import { Router, type RouteParams } from "./router.js";
import { optionalBoolean, optionalString, requiredObject, type JsonObject } from "./routes/body-fields.js";
import type { DemoData } from "./seed.js";
import type { SandboxState } from "./state.js";
import { statusView } from "./store.js";

/** Prefix of every control route. */
export const CONTROL_PREFIX = "/_sandbox";

/** What control handlers can reach. */
export interface ControlDeps {
  controls: SandboxControls;
  demo: DemoData;
  calls: RingCallRecorder;
  state: SandboxState;
}

interface ControlContext extends ControlDeps {
  params: RouteParams;
  query: URLSearchParams;
  body(): Promise<JsonObject>;
}

type ControlHandler = (ctx: ControlContext) => Reply | Promise<Reply>;

const NO_CONTENT: Reply = { status: 204 };

function numberField(body: JsonObject, key: string, required: boolean): number | undefined {
  const value = body[key];
  if (value === undefined || value === null) {
    if (required) throw new HttpError(400, `${key} is required`);
    return undefined;
  }
  if (typeof value !== "number") throw new HttpError(422, `${key} must be a number`);
  return value;
}

function memberGuid(ctx: ControlContext): string {
  return ctx.params.member_guid ?? "";
}

function memberSnapshot(ctx: ControlContext): Reply {
  const guid = memberGuid(ctx);
  const record = ctx.state.store.findMember(guid);
  if (record === undefined) throw new UnknownMemberError(guid);
  return jsonReply({
    member: ctx.controls.getMember(guid),
    status: statusView(record),
    accounts: ctx.controls.getAccounts(guid),
    account_owners: ctx.controls.getAccountOwners(guid),
    account_numbers: ctx.controls.getAccountNumbers(guid),
    transactions: ctx.controls.getTransactions(guid),
  });
}

function memberStatusReply(ctx: ControlContext): Reply {
  const record = ctx.state.store.findMember(memberGuid(ctx));
  if (record === undefined) throw new UnknownMemberError(memberGuid(ctx));
  return jsonReply({ member: statusView(record) });
}

const CONTROL_ROUTES: ReadonlyArray<{ method: string; template: string; handler: ControlHandler }> = [
  { method: "GET", template: "/_sandbox/demo", handler: (ctx) => jsonReply({ demo: ctx.demo }) },
  {
    method: "POST",
    template: "/_sandbox/faults",
    handler: async (ctx) => {
      const body = await ctx.body();
      const kind = optionalString(body, "kind", "body");
      if (kind === undefined || kind === null) throw new HttpError(400, "kind is required");
      const times = numberField(body, "times", false);
      const retryAfterSeconds = numberField(body, "retry_after_seconds", false);
      const method = optionalString(body, "method", "body");
      const route = optionalString(body, "route", "body");
      const member = optionalString(body, "member_guid", "body");
      ctx.controls.injectFault({
        kind: kind as FaultKind,
        ...(method ? { method } : {}),
        ...(route ? { route } : {}),
        ...(member ? { memberGuid: member } : {}),
        ...(times !== undefined ? { times } : {}),
        ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
      });
      return NO_CONTENT;
    },
  },
  {
    method: "DELETE",
    template: "/_sandbox/faults",
    handler: (ctx) => (ctx.controls.clearFaults(), NO_CONTENT),
  },
  {
    method: "PUT",
    template: "/_sandbox/fault_rate",
    handler: async (ctx) => (
      ctx.controls.setFaultRate(numberField(await ctx.body(), "rate", true) ?? 0),
      NO_CONTENT
    ),
  },
  {
    method: "PUT",
    template: "/_sandbox/latency",
    handler: async (ctx) => {
      const body = await ctx.body();
      const route = optionalString(body, "route", "body");
      ctx.controls.setLatency(numberField(body, "ms", true) ?? 0, route ? { route } : undefined);
      return NO_CONTENT;
    },
  },
  {
    method: "PUT",
    template: "/_sandbox/identification",
    handler: async (ctx) => {
      const enabled = optionalBoolean(await ctx.body(), "enabled", "body");
      if (enabled === undefined) throw new HttpError(400, "enabled is required");
      ctx.controls.setIdentificationEnabled(enabled);
      return NO_CONTENT;
    },
  },
  {
    method: "PUT",
    template: "/_sandbox/speed",
    handler: async (ctx) => (
      ctx.controls.setSpeed(numberField(await ctx.body(), "speed", true) ?? 1),
      NO_CONTENT
    ),
  },
  {
    method: "PUT",
    template: "/_sandbox/webhook",
    handler: async (ctx) => {
      const body = await ctx.body();
      const [url, username, password] = ["url", "username", "password"].map((key) => {
        const value = optionalString(body, key, "body");
        if (!value) throw new HttpError(400, `${key} is required`);
        return value;
      }) as [string, string, string];
      ctx.controls.setWebhookTarget({ url, username, password });
      return NO_CONTENT;
    },
  },
  {
    method: "DELETE",
    template: "/_sandbox/webhook",
    handler: (ctx) => (ctx.controls.setWebhookTarget(undefined), NO_CONTENT),
  },
  {
    method: "GET",
    template: "/_sandbox/calls",
    handler: (ctx) => {
      const q = ctx.query;
      const filter = {
        ...(q.get("method") ? { method: q.get("method") ?? "" } : {}),
        ...(q.get("route") ? { route: q.get("route") ?? "" } : {}),
        ...(q.get("member_guid") ? { memberGuid: q.get("member_guid") ?? "" } : {}),
        ...(q.get("user_guid") ? { userGuid: q.get("user_guid") ?? "" } : {}),
      };
      return jsonReply({ count: ctx.calls.count(filter), calls: ctx.calls.list(filter) });
    },
  },
  { method: "DELETE", template: "/_sandbox/calls", handler: (ctx) => (ctx.calls.reset(), NO_CONTENT) },
  { method: "GET", template: "/_sandbox/members/:member_guid", handler: memberSnapshot },
  {
    method: "POST",
    template: "/_sandbox/members/:member_guid/advance",
    handler: (ctx) => (ctx.controls.advance(memberGuid(ctx)), memberStatusReply(ctx)),
  },
  {
    method: "POST",
    template: "/_sandbox/members/:member_guid/settle",
    handler: (ctx) => (ctx.controls.settle(memberGuid(ctx)), memberStatusReply(ctx)),
  },
  {
    method: "PUT",
    template: "/_sandbox/members/:member_guid/status",
    handler: async (ctx) => {
      const body = await ctx.body();
      const connection = optionalString(body, "connection_status", "body");
      const status = optionalString(body, "status", "body");
      const aggregating = optionalBoolean(body, "is_being_aggregated", "body");
      ctx.controls.setMemberStatus(memberGuid(ctx), {
        ...(connection ? { connection_status: connection } : {}),
        ...(status ? { status } : {}),
        ...(aggregating !== undefined ? { is_being_aggregated: aggregating } : {}),
      });
      return jsonReply({ member: ctx.controls.getMember(memberGuid(ctx)) });
    },
  },
];

const router = new Router(CONTROL_ROUTES);

function replyForError(error: unknown): Reply {
  if (error instanceof HttpError) return errorReply(error.status, error.message, error.headers);
  if (error instanceof UnknownMemberError) return errorReply(404, error.message);
  if (error instanceof RangeError || error instanceof TypeError) return errorReply(422, error.message);
  return errorReply(500, "internal sandbox error");
}

/** Answers one control request (authentication already checked by the caller). */
export async function handleControlRequest(
  deps: ControlDeps,
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  query: URLSearchParams,
): Promise<void> {
  const match = router.match(req.method ?? "GET", pathname);
  let reply: Reply;
  if (match.kind === "not-found") reply = errorReply(404, "unknown control route");
  else if (match.kind === "wrong-method")
    reply = errorReply(405, "method not allowed", { Allow: match.allowed.join(", ") });
  else {
    const ctx: ControlContext = {
      ...deps,
      params: match.params,
      query,
      body: async () => requiredObject(parseJsonBody(await readRequestBody(req)), "request body"),
    };
    try {
      reply = await match.route.handler(ctx);
    } catch (error) {
      reply = replyForError(error);
    }
  }
  writeReply(res, reply, "application/json; charset=utf-8");
}
