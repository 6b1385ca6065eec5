/**
 * What a failed upstream attempt was (the fetch threw, no answer came): refused
 * by our own rules (a redirect, a body over the cap), a timeout, or a network
 * error — and whether the request can have reached upstream (which decides
 * whether a non-idempotent call may be retried).
 */
import { AtriumError } from "./atrium-errors.js";
import type { AttemptOutcome } from "./retry-policy.js";

/**
 * node-fetch's failure types for a redirect (never followed: it would carry the
 * API key elsewhere) and an answer over the size cap. Neither is retried.
 */
const REFUSED_ANSWERS: Record<string, string> = {
  "no-redirect": "upstream answered with a redirect (not followed)",
  "max-size": "upstream body over ATRIUM_MAX_BODY_BYTES",
};

/** node-fetch's FetchError types for its `timeout`: no answer, or no whole body, in time. */
const TIMEOUT_TYPES = new Set(["request-timeout", "body-timeout"]);

const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EADDRNOTAVAIL"]);

export interface FailedAttempt {
  /** The metric label: refused, timeout or error. */
  label: "refused" | "timeout" | "error";
  outcome: AttemptOutcome;
  error: AtriumError;
}

/** Classifies what node-fetch threw for one attempt on `route` with `timeoutMs`. */
export function classifyFailedAttempt(cause: unknown, route: string, timeoutMs: number): FailedAttempt {
  const type = String((cause as { type?: unknown }).type);
  const refused = REFUSED_ANSWERS[type];
  if (refused !== undefined) {
    return {
      label: "refused",
      outcome: { kind: "refused" },
      error: new AtriumError("UPSTREAM_UNAVAILABLE", { route, cause: refused }),
    };
  }
  const timedOut = TIMEOUT_TYPES.has(type);
  const errno = (cause as { code?: unknown }).code;
  const notSent = typeof errno === "string" && NOT_SENT_CODES.has(errno);
  const error = new AtriumError("UPSTREAM_UNAVAILABLE", {
    route,
    cause: timedOut
      ? `timeout after ${timeoutMs} ms`
      : `network error ${typeof errno === "string" ? errno : ""}`.trim(),
  });
  return timedOut
    ? { label: "timeout", outcome: { kind: "timeout" }, error }
    : { label: "error", outcome: { kind: "network", notSent }, error };
}
