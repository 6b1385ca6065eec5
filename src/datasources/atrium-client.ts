/**
 * AtriumClient: the only place that speaks HTTP to MX (Atrium or the Platform
 * API; the dialect supplies the auth and version headers). JSON in and out, a
 * timeout per attempt, the retry policy, status → error mapping and upstream
 * metrics. No GraphQL here.
 *
 * The timeout is node-fetch's own (`timeout`, under cross-fetch): a plain timer
 * for the answer and one for its body, and the socket is aborted when either
 * fires. The only signal is the client's shutdown signal, shared by every
 * attempt. An AbortController with its own timer per attempt, chained to the
 * shutdown signal, cost more than the rest of the attempt's bookkeeping
 * (EventTarget listeners added and removed on two signals).
 */
import { setMaxListeners } from "node:events";
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import crossFetch from "cross-fetch";
import type { Logger } from "../observability/logger.js";
import type { UpstreamMetrics } from "../observability/metrics.js";
import { AtriumError, codeForStatus, type AtriumOperationKind } from "./atrium-errors.js";
import {
  isRetryable,
  parseRetryAfter,
  retryDelayMs,
  type AttemptOutcome,
  type BackoffOptions,
  type RetryMode,
} from "./retry-policy.js";
import type { UpstreamScope } from "./upstream-scope.js";
import { UpstreamGuards, type GuardedRequest, type UpstreamGuardOptions } from "./upstream-guards.js";
import { classifyFailedAttempt } from "./failed-attempt.js";
import { atriumDialect, type UpstreamDialect } from "./dialects/index.js";

export { ATRIUM_ACCEPT } from "./dialects/index.js";

export interface AtriumClientOptions {
  baseUrl: string;
  apiKey: string;
  clientId: string;
  /** Which MX API this is (ATRIUM_API); default Atrium. */
  dialect?: UpstreamDialect;
  /** Per attempt, default 10000 ms (ATRIUM_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Retries after the first attempt, default 3 (ATRIUM_MAX_RETRIES). */
  maxRetries?: number;
  backoff?: BackoffOptions;
  /** Sockets kept per upstream host, default 64. */
  maxSockets?: number;
  /** Deadline, per-user budget, 404 caching, retry budget, circuit breakers (upstream-guards.ts). */
  guards?: UpstreamGuardOptions;
  /** Largest answer body read, default 8 MB (ATRIUM_MAX_BODY_BYTES); a longer one is refused. */
  maxBodyBytes?: number;
  metrics?: UpstreamMetrics;
  logger?: Logger;
}

export interface AtriumRequest {
  method: "GET" | "POST" | "PUT";
  /** Concrete path, e.g. `/users/USR-1/members`. */
  path: string;
  /** Route template for metrics and logs, e.g. `/users/:user_guid/members`. */
  route: string;
  kind: AtriumOperationKind;
  retry: RetryMode;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The caller no longer waits (a stopped poll loop): the attempt and its retries end at once. */
  signal?: AbortSignal | undefined;
  /** The operation's deadline and user (upstream-scope.ts); none: the poller's own deadline. */
  scope?: UpstreamScope | undefined;
}

export interface AtriumResponse {
  status: number;
  /** Parsed JSON; `undefined` for 204 or an empty body. */
  body: unknown;
}

type AttemptResult =
  { ok: true; response: AtriumResponse } | { ok: false; outcome: AttemptOutcome; error: AtriumError };

/**
 * node-fetch (behind cross-fetch on Node) takes a keep-alive agent, a timeout
 * and a body size cap (`size`); the DOM types do not know them.
 */
type NodeFetchInit = RequestInit & { agent?: HttpAgent; timeout?: number; size?: number };

export class AtriumClient {
  readonly dialect: UpstreamDialect;
  private readonly baseUrl: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly agent: HttpAgent;
  /** Aborted by `abortInFlight` at shutdown: waiting attempts fail at once, no new ones start. */
  private readonly stopping = new AbortController();
  private readonly guards: UpstreamGuards;

  constructor(private readonly options: AtriumClientOptions) {
    // Every in-flight attempt listens to it; hundreds at once are normal, not a leak.
    setMaxListeners(0, this.stopping.signal);
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRetries = options.maxRetries ?? 3;
    this.guards = new UpstreamGuards(options.guards);
    this.dialect = options.dialect ?? atriumDialect;
    this.headers = this.dialect.headers({ apiKey: options.apiKey, clientId: options.clientId });
    // One keep-alive agent per client, so load does not open a socket per request.
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64, keepAliveMsecs: 10_000 };
    this.agent = this.baseUrl.startsWith("https:")
      ? new HttpsAgent(agentOptions)
      : new HttpAgent(agentOptions);
  }

  /**
   * Sends a request with retries. Resolves with 2xx answers (including 202/204);
   * rejects with AtriumError for everything else.
   */
  async request(req: AtriumRequest): Promise<AtriumResponse> {
    const url = this.url(req);
    const guard = await this.guards.begin(req.method, url, req.route, req.scope);
    try {
      return await this.guards.throughCircuit(req.method, req.route, () => this.attempts(req, url, guard));
    } finally {
      guard.end();
    }
  }

  private async attempts(req: AtriumRequest, url: string, guard: GuardedRequest): Promise<AtriumResponse> {
    for (let attempt = 1; ; attempt++) {
      if (this.stopping.signal.aborted) throw shuttingDown(req.route);
      if (req.signal?.aborted) throw abandoned(req.route);
      const result = await this.attempt(req, url, guard.attemptTimeoutMs(this.timeoutMs));
      if (result.ok) return result.response;
      const { outcome, error } = result;
      if (outcome.kind === "response") guard.answered(outcome.status);
      const retriesLeft = attempt <= this.maxRetries;
      if (
        !retriesLeft ||
        this.stopping.signal.aborted ||
        req.signal?.aborted ||
        !isRetryable(req.retry, outcome)
      )
        throw error;
      const delay = retryDelayMs(attempt, error.details.retryAfterSeconds, this.options.backoff);
      if (delay === undefined || !guard.mayRetry(delay)) throw error;
      this.options.logger?.debug(
        { route: req.route, attempt, delayMs: Math.round(delay) },
        "retrying upstream",
      );
      await sleep(delay, req.signal);
    }
  }

  /**
   * Shutdown: in-flight attempts end now with UPSTREAM_UNAVAILABLE, so their
   * clients get an answer before the server closes instead of a reset socket.
   */
  abortInFlight(): void {
    this.stopping.abort();
  }

  /** Frees the keep-alive sockets. */
  close(): void {
    this.agent.destroy();
  }

  private url(req: AtriumRequest): string {
    let url = this.baseUrl + req.path;
    if (req.query) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(req.query)) {
        if (value !== undefined) params.set(key, String(value));
      }
      const qs = params.toString();
      if (qs) url += `?${qs}`;
    }
    return url;
  }

  private fetchInit(req: AtriumRequest, timeoutMs: number): NodeFetchInit {
    return {
      method: req.method,
      headers:
        // MX requires Content-Type on every POST and PUT, also the Platform API's bodiless identify.
        req.method === "GET" ? this.headers : { ...this.headers, "content-type": "application/json" },
      body: req.body === undefined ? undefined : JSON.stringify(req.body),
      timeout: timeoutMs,
      // Shared by every attempt: shutdown aborts them all at once. Only a caller that can
      // give up (the poller) pays for a combined signal.
      signal: req.signal ? AbortSignal.any([this.stopping.signal, req.signal]) : this.stopping.signal,
      agent: this.agent,
      redirect: "error",
      size: this.options.maxBodyBytes ?? 8_000_000,
    };
  }

  private async attempt(req: AtriumRequest, url: string, timeoutMs: number): Promise<AttemptResult> {
    const started = performance.now();
    const observe = (status: string): void =>
      this.options.metrics?.observeUpstream(
        req.method,
        req.route,
        status,
        (performance.now() - started) / 1000,
      );
    try {
      const res = await crossFetch(url, this.fetchInit(req, timeoutMs));
      const text = await res.text();
      observe(String(res.status));
      const upstreamRequestId = (): string | undefined => res.headers.get("x-request-id") ?? undefined;
      const code = codeForStatus(res.status, req.kind);
      if (code === undefined) {
        return { ok: true, response: { status: res.status, body: this.parse(req, text, upstreamRequestId) } };
      }
      const requestId = upstreamRequestId();
      const retryAfterSeconds =
        res.status === 429 ? parseRetryAfter(res.headers.get("retry-after")) : undefined;
      const error = new AtriumError(code, {
        httpStatus: res.status,
        upstreamRequestId: requestId,
        retryAfterSeconds,
        route: req.route,
      });
      this.logFailure(req, error, `upstream answered ${res.status}`);
      return { ok: false, outcome: { kind: "response", status: res.status }, error };
    } catch (cause) {
      if (cause instanceof AtriumError) throw cause;
      if (this.stopping.signal.aborted || req.signal?.aborted) {
        observe("error");
        const error = this.stopping.signal.aborted ? shuttingDown(req.route) : abandoned(req.route);
        return { ok: false, outcome: { kind: "network", notSent: false }, error };
      }
      const failed = classifyFailedAttempt(cause, req.route, timeoutMs);
      observe(failed.label);
      this.logFailure(req, failed.error, failed.error.details.cause ?? "network error");
      return { ok: false, outcome: failed.outcome, error: failed.error };
    }
  }

  /**
   * A 2xx body that is not JSON is a malformed answer: UPSTREAM_UNAVAILABLE, one log line. MX's
   * request id is read only then: node-fetch finds a header by scanning every name.
   */
  private parse(req: AtriumRequest, text: string, upstreamRequestId: () => string | undefined): unknown {
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      const error = new AtriumError("UPSTREAM_UNAVAILABLE", {
        route: req.route,
        upstreamRequestId: upstreamRequestId(),
        cause: "upstream body is not JSON",
      });
      this.logFailure(req, error, "upstream body is not JSON");
      throw error;
    }
  }

  private logFailure(req: AtriumRequest, error: AtriumError, reason: string): void {
    const level =
      error.code === "UPSTREAM_AUTH_FAILED" ? "error" : error.code === "NOT_FOUND" ? "debug" : "warn";
    this.options.logger?.[level](
      {
        upstream: { method: req.method, route: req.route, status: error.details.httpStatus },
        code: error.code,
        upstreamRequestId: error.details.upstreamRequestId,
      },
      error.code === "UPSTREAM_AUTH_FAILED" ? `Atrium rejected the server's credentials: ${reason}` : reason,
    );
  }
}

function shuttingDown(route: string): AtriumError {
  return new AtriumError("UPSTREAM_UNAVAILABLE", { route, cause: "server shutting down" });
}

function abandoned(route: string): AtriumError {
  return new AtriumError("UPSTREAM_UNAVAILABLE", { route, cause: "the caller stopped waiting" });
}

/** A backoff wait that ends early when the caller gives up (the loop above then stops). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
