/**
 * What the Atrium client checks around every upstream request, composed in one
 * place so the client calls it in a few lines: the operation's overall deadline
 * (upstream-scope.ts), the user's share of the upstream (user-upstream-budget.ts),
 * short negative caching of 404s (not-found-cache.ts), the retry budget
 * (retry-budget.ts) and a circuit breaker per endpoint (circuit-breaker.ts).
 */
import { AtriumError } from "./atrium-errors.js";
import { EndpointBreakers, type EndpointBreakerOptions } from "./circuit-breaker.js";
import { NotFoundCache } from "./not-found-cache.js";
import { RetryBudget, type RetryBudgetOptions } from "./retry-budget.js";
import type { UpstreamScope } from "./upstream-scope.js";
import { UserUpstreamBudget } from "./user-upstream-budget.js";

export interface UpstreamGuardOptions {
  /** Deadline of a request made outside any operation (the poller), default 15000 ms. */
  deadlineMs?: number;
  retryBudget?: RetryBudgetOptions;
  breaker?: EndpointBreakerOptions;
  /** How long an upstream 404 on a GET is remembered, default 5000 ms (0: never). */
  notFoundTtlMs?: number;
  /** Per-user concurrency and rate; unset: no per-user budget. */
  perUser?: { concurrency: number; ratePerSecond: number; burst: number };
}

/** One request's view of the guards: its deadline, its user slot, its retries. */
export interface GuardedRequest {
  /** The attempt's timeout: the per-attempt one, cut to what the deadline leaves. Throws past the deadline. */
  attemptTimeoutMs(perAttemptMs: number): number;
  /** False when the retry would pass the deadline or the retry budget is spent. */
  mayRetry(delayMs: number): boolean;
  /** Call with the status of each answer (404s on GETs are remembered). */
  answered(status: number): void;
  end(): void;
}

/** A failure that says the endpoint is unwell: no answer, or a 5xx (a 404 or 429 is an answer). */
export function endpointFailure(error: unknown): boolean {
  if (!(error instanceof AtriumError) || error.code !== "UPSTREAM_UNAVAILABLE") return false;
  const status = error.details.httpStatus;
  return status === undefined || status >= 500;
}

export class UpstreamGuards {
  private readonly retryBudget: RetryBudget;
  private readonly breakers: EndpointBreakers;
  private readonly notFound: NotFoundCache;
  private readonly perUser: UserUpstreamBudget | undefined;

  constructor(private readonly options: UpstreamGuardOptions = {}) {
    this.retryBudget = new RetryBudget(options.retryBudget);
    this.breakers = new EndpointBreakers(endpointFailure, options.breaker);
    this.notFound = new NotFoundCache(options.notFoundTtlMs ?? 5000);
    this.perUser = options.perUser && new UserUpstreamBudget(options.perUser);
  }

  /** Before the first attempt: NOT_FOUND from the cache, RATE_LIMITED, or a wait for the user's slot. */
  async begin(method: string, url: string, route: string, scope?: UpstreamScope): Promise<GuardedRequest> {
    const cacheable = method === "GET";
    if (cacheable && this.notFound.has(url)) {
      throw new AtriumError("NOT_FOUND", { route, cause: "upstream 404, remembered" });
    }
    const deadlineAt = scope?.deadlineAt ?? Date.now() + (this.options.deadlineMs ?? 15_000);
    const release =
      this.perUser && scope?.userGuid ? await this.perUser.acquire(scope.userGuid, deadlineAt) : noop;
    this.retryBudget.recordRequest();
    return {
      attemptTimeoutMs: (perAttemptMs) => {
        const remaining = deadlineAt - Date.now();
        if (remaining <= 0) {
          throw new AtriumError("UPSTREAM_UNAVAILABLE", { route, cause: "operation deadline passed" });
        }
        return Math.min(perAttemptMs, remaining);
      },
      mayRetry: (delayMs) => Date.now() + delayMs < deadlineAt && this.retryBudget.tryRetry(),
      answered: (status) => {
        if (cacheable && status === 404) this.notFound.add(url);
      },
      end: release,
    };
  }

  /** The request (all its attempts) through its endpoint's circuit: UPSTREAM_UNAVAILABLE at once while open. */
  throughCircuit<R>(method: string, route: string, run: () => Promise<R>): Promise<R> {
    return this.breakers.run(
      `${method} ${route}`,
      run,
      () =>
        new AtriumError("UPSTREAM_UNAVAILABLE", { route, cause: "circuit open: the endpoint keeps failing" }),
    );
  }
}

function noop(): void {}
