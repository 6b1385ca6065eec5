// How each fault kind answers (see faults.ts). Every answer keeps the request's X-Request-Id.
import type { ServerResponse } from "node:http";
import type { Fault } from "./faults.js";
import { rootKeyOf } from "./faults.js";
import { ATRIUM_CONTENT_TYPE, errorReply, writeRaw, writeReply } from "./http-io.js";
import type { TimerRegistry } from "./timers.js";

/** Context a fault answer needs. */
export interface FaultAnswerContext {
  method: string;
  route: string;
  timers: TimerRegistry;
  hangMs: number;
  /** The request's dialect's JSON content type; default Atrium's. */
  contentType?: string;
}

/** The status a fault answers with (0 for a hang, which never answers). */
export function faultStatus(fault: Fault): number {
  switch (fault.kind) {
    case "hang":
      return 0;
    case "malformed":
    case "missing-fields":
      return 200;
    case "html":
    case "502":
      return 502;
    case "empty":
    case "500":
      return 500;
    case "503":
      return 503;
    case "429":
      return 429;
  }
}

/**
 * Answers `res` the faulty way:
 * - `500`/`502`/`503`: the error JSON; `429`: the error JSON with `Retry-After`;
 * - `malformed`: 200, the dialect's JSON content type, truncated JSON (`{"member": {"guid": "MBR-`);
 * - `missing-fields`: 200 with the root key present but required fields missing (`{"member": {"guid": null}}`);
 * - `html`: 502 with an HTML page (as a proxy in front of MX would answer); `empty`: 500, empty body;
 * - `hang`: no answer; the socket is destroyed after `hangMs`.
 */
export function answerWithFault(res: ServerResponse, fault: Fault, ctx: FaultAnswerContext): void {
  const root = rootKeyOf(ctx.method, ctx.route);
  const json = ctx.contentType ?? ATRIUM_CONTENT_TYPE;
  switch (fault.kind) {
    case "hang": {
      const handle = ctx.timers.set(() => res.socket?.destroy(), ctx.hangMs);
      res.on("close", () => ctx.timers.clear(handle));
      return;
    }
    case "malformed":
      writeRaw(res, 200, json, `{"${root.key}": ${root.list ? "[" : ""}{"guid": "MBR-`);
      return;
    case "missing-fields":
      writeReply(
        res,
        { status: 200, body: { [root.key]: root.list ? [{ guid: null }] : { guid: null } } },
        json,
      );
      return;
    case "html":
      writeRaw(
        res,
        502,
        "text/html; charset=utf-8",
        "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
      );
      return;
    case "empty":
      writeRaw(res, 500, undefined, "");
      return;
    case "429":
      writeReply(
        res,
        errorReply(429, "too many requests (sandbox fault)", {
          "Retry-After": String(fault.retryAfterSeconds),
        }),
        json,
      );
      return;
    case "503":
      writeReply(
        res,
        errorReply(503, "please try again later; the MX Platform is being updated (sandbox fault)"),
        json,
      );
      return;
    case "500":
    case "502":
      writeReply(
        res,
        errorReply(faultStatus(fault), "something went wrong with MX's servers (sandbox fault)"),
        json,
      );
      return;
  }
}
