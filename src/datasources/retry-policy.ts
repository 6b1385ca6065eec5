/**
 * When an upstream request may be sent again (DESIGN.md "Retries"). Pure
 * functions, so the rules are unit-tested without a network.
 */

/**
 * - `idempotent`: GETs. Retry network errors, timeouts, 429 and 5xx.
 * - `safe-start`: identify. Retry only when no job can have started: the
 *   connection was refused before sending, or upstream answered 429/503
 *   (a duplicate start would be answered 202 anyway).
 * - `never`: resume. MFA answers must not be submitted twice; only a refused
 *   connection (nothing was sent) is retried.
 */
export type RetryMode = "idempotent" | "safe-start" | "never";

/** What one attempt ended with. */
export type AttemptOutcome =
  | { kind: "response"; status: number }
  | { kind: "timeout" }
  /** `notSent`: the failure happened before the request left (e.g. ECONNREFUSED). */
  | { kind: "network"; notSent: boolean }
  /** An answer we will not use whatever the attempt: a redirect, a body over the cap. */
  | { kind: "refused" };

export function isRetryable(mode: RetryMode, outcome: AttemptOutcome): boolean {
  if (outcome.kind === "refused") return false;
  if (outcome.kind === "network" && outcome.notSent) return true;
  switch (mode) {
    case "idempotent":
      if (outcome.kind !== "response") return true;
      return outcome.status === 429 || outcome.status >= 500;
    case "safe-start":
      return outcome.kind === "response" && (outcome.status === 429 || outcome.status === 503);
    case "never":
      return false;
  }
}

export interface BackoffOptions {
  /** First delay, default 100 ms. */
  baseMs?: number;
  /** Cap for one delay, default 2000 ms. */
  maxMs?: number;
  /** Longest Retry-After we wait for inside one request, default 5 s; longer fails fast. */
  maxRetryAfterMs?: number;
  /** 0..1 source, default Math.random. */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (1-based): capped exponential backoff with
 * "equal jitter" (half fixed, half random), so retries spread out but never
 * collapse to zero. A `Retry-After` wins when longer. Returns `undefined` when
 * the server asks for a wait longer than we are willing to hold a client.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  options: BackoffOptions = {},
): number | undefined {
  const base = options.baseMs ?? 100;
  const max = options.maxMs ?? 2000;
  const random = options.random ?? Math.random;
  const exponential = Math.min(max, base * 2 ** (attempt - 1));
  const jittered = exponential / 2 + (random() * exponential) / 2;
  if (retryAfterSeconds === undefined) return jittered;
  const retryAfterMs = retryAfterSeconds * 1000;
  if (retryAfterMs > (options.maxRetryAfterMs ?? 5000)) return undefined;
  return Math.max(retryAfterMs, jittered);
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(header);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}
