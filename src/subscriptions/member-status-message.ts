/**
 * What travels on the status bus: a status view or an error. Plain data, so a
 * message can cross processes (Redis) through `encodeMessage` / `decodeMessage`.
 */
import { STATUS_EVENT_ERROR_CODES, type StatusEventErrorCode } from "../domain/error-codes.js";
import type { MemberStatusView } from "../domain/member-status-rules.js";

/** Error codes a subscriber can receive (domain/error-codes.ts). */
export type MemberStatusErrorCode = StatusEventErrorCode;

export interface MemberStatusErrorMessage {
  kind: "error";
  code: MemberStatusErrorCode;
  /** Safe to show to clients: never an upstream body or a stack trace. */
  message: string;
  retryAfterSeconds?: number;
}

export type MemberStatusMessage = { kind: "status"; status: MemberStatusView } | MemberStatusErrorMessage;

/** After this message no other comes: the member is gone, subscriptions end. */
export function isTerminalMessage(message: MemberStatusMessage): boolean {
  return message.kind === "error" && message.code === "NOT_FOUND";
}

const ERROR_CODES: ReadonlySet<string> = new Set(STATUS_EVENT_ERROR_CODES);

/** The view's Date fields; everything else in a message is JSON-safe as it is. */
const DATE_FIELDS = ["aggregatedAt", "successfullyAggregatedAt"] as const;

/** JSON text of a message; Dates become ISO strings. */
export function encodeMessage(message: MemberStatusMessage): string {
  // JSON.stringify calls Date#toJSON, which is toISOString: no explicit conversion needed.
  return JSON.stringify(message);
}

/**
 * The message `encodeMessage` made, with its ISO strings turned back into Dates.
 * Throws `TypeError` on text that is not such a message (a bus carries only ours).
 */
export function decodeMessage(text: string): MemberStatusMessage {
  const parsed: unknown = JSON.parse(text);
  if (!isRecord(parsed)) throw new TypeError("Not a member status message.");
  if (parsed.kind === "error") {
    if (
      typeof parsed.code !== "string" ||
      !ERROR_CODES.has(parsed.code) ||
      typeof parsed.message !== "string"
    ) {
      throw new TypeError("Malformed member status error message.");
    }
    const error: MemberStatusErrorMessage = {
      kind: "error",
      code: parsed.code as MemberStatusErrorCode,
      message: parsed.message,
    };
    if (typeof parsed.retryAfterSeconds === "number") error.retryAfterSeconds = parsed.retryAfterSeconds;
    return error;
  }
  if (parsed.kind === "status" && isRecord(parsed.status)) {
    const status = parsed.status;
    for (const field of DATE_FIELDS) status[field] = reviveDate(status[field]);
    return { kind: "status", status: status as unknown as MemberStatusView };
  }
  throw new TypeError("Not a member status message.");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function reviveDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const date = typeof value === "string" ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new TypeError("Malformed date in member status message.");
  return date;
}
