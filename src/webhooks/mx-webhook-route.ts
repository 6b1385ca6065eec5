/**
 * `POST /webhooks/mx` (MX_WEBHOOK_PATH): MX's MEMBER and CONNECTION_STATUS
 * webhooks (Platform API only). MX authenticates with the HTTP Basic
 * credentials given to it on its client dashboard; anything else is 401 and
 * changes nothing. A good delivery is answered 204 at once (MX asks for a quick
 * answer and retries otherwise), then nudges the member's poll loop.
 */
import { timingSafeEqual } from "node:crypto";
import express, { Router, type Request, type Response } from "express";
import type { Logger } from "../observability/logger.js";
import { pickRequestId } from "../graphql/request-id.js";
import { parseMxWebhook } from "./mx-webhook-event.js";
import { nudgeForWebhook, type WebhookNudgesDeps } from "./webhook-nudges.js";

export interface MxWebhookRouteOptions extends WebhookNudgesDeps {
  path: string;
  credentials: { username: string; password: string };
  logger: Logger;
  /** Counts deliveries by outcome (metrics). */
  observe?: (outcome: "unauthorized" | "ignored" | "nudged" | "repeat") => void;
}

/** MX's webhook bodies are small; anything larger is not one. */
const MAX_WEBHOOK_BYTES = 64 * 1024;

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // Compare equal lengths only; the length check itself leaks nothing useful about a long random secret.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** True for `Authorization: Basic base64(username:password)` with the configured pair. */
export function hasWebhookCredentials(
  header: string | undefined,
  credentials: { username: string; password: string },
): boolean {
  const match = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return false;
  const userOk = sameText(decoded.slice(0, colon), credentials.username);
  const passwordOk = sameText(decoded.slice(colon + 1), credentials.password);
  return userOk && passwordOk;
}

export function mxWebhookRoute(options: MxWebhookRouteOptions): Router {
  const router = Router();
  const refuse = (req: Request, res: Response): void => {
    const requestId = pickRequestId(req.headers["x-request-id"]);
    options.observe?.("unauthorized");
    options.logger.warn({ requestId, path: options.path }, "webhook refused: bad or missing credentials");
    res
      .status(401)
      .set("www-authenticate", 'Basic realm="mx-webhooks"')
      .set("x-request-id", requestId)
      .json({
        errors: [
          { message: "Webhook credentials required.", extensions: { code: "UNAUTHENTICATED", requestId } },
        ],
      });
  };
  router.post(
    options.path,
    (req, res, next) => {
      if (hasWebhookCredentials(req.headers.authorization, options.credentials)) next();
      else refuse(req, res);
    },
    // Any content type: MX sends application/json, and a body that is not JSON is answered 400.
    express.json({ limit: MAX_WEBHOOK_BYTES, type: () => true }),
    (req, res) => {
      res.status(204).end();
      const event = parseMxWebhook(req.body);
      if (!event) {
        options.observe?.("ignored");
        return;
      }
      nudgeForWebhook(options, event).then(
        (outcome) => {
          options.observe?.(outcome);
          options.logger.debug({ type: event.type, memberGuid: event.memberGuid, outcome }, "webhook");
        },
        (error: unknown) => options.logger.warn({ err: error }, "webhook nudge failed"),
      );
    },
  );
  return router;
}
