/**
 * What a failed poll means for subscribers. Only the error's code is used: messages
 * are this table's, never upstream text, bodies or stack traces.
 */
import { AtriumError } from "../datasources/atrium-errors.js";
import type { MemberStatusErrorCode, MemberStatusErrorMessage } from "./member-status-message.js";

export interface PollFailure {
  /** The member is gone: publish at once and stop polling. */
  terminal: boolean;
  message: MemberStatusErrorMessage;
  /** Upstream's Retry-After, to wait at least that long before the next poll. */
  retryAfterSeconds?: number;
}

// AtriumError's default message for a code is its client-safe text.
const CLIENT_MESSAGES: Record<MemberStatusErrorCode, string> = {
  NOT_FOUND: new AtriumError("NOT_FOUND").message,
  UPSTREAM_UNAVAILABLE: new AtriumError("UPSTREAM_UNAVAILABLE").message,
  UPSTREAM_RATE_LIMITED: new AtriumError("UPSTREAM_RATE_LIMITED").message,
  UPSTREAM_AUTH_FAILED: new AtriumError("UPSTREAM_AUTH_FAILED").message,
};

/** Anything but these codes (including non-Atrium errors) reads as "unavailable". */
function codeFor(error: unknown): MemberStatusErrorCode {
  if (error instanceof AtriumError) {
    switch (error.code) {
      case "NOT_FOUND":
      case "UPSTREAM_RATE_LIMITED":
      case "UPSTREAM_AUTH_FAILED":
        return error.code;
      default:
        return "UPSTREAM_UNAVAILABLE";
    }
  }
  return "UPSTREAM_UNAVAILABLE";
}

export function classifyPollFailure(error: unknown): PollFailure {
  const code = codeFor(error);
  const message: MemberStatusErrorMessage = { kind: "error", code, message: CLIENT_MESSAGES[code] };
  const retryAfterSeconds = error instanceof AtriumError ? error.details.retryAfterSeconds : undefined;
  if (code === "UPSTREAM_RATE_LIMITED" && retryAfterSeconds !== undefined) {
    message.retryAfterSeconds = retryAfterSeconds;
  }
  const failure: PollFailure = { terminal: code === "NOT_FOUND", message };
  if (retryAfterSeconds !== undefined) failure.retryAfterSeconds = retryAfterSeconds;
  return failure;
}
