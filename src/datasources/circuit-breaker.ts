/**
 * One circuit breaker per upstream endpoint (method + route template), on
 * cockatiel: after `failures` consecutive failed requests (each after its
 * retries: timeouts, network errors, 5xx) the endpoint fails fast for
 * `halfOpenAfterMs`, then one probe decides whether it closes again. A hanging endpoint then costs its callers
 * nothing instead of a timeout each, and other endpoints are unaffected.
 */
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  IsolatedCircuitError,
  circuitBreaker,
  handleWhenResult,
  type CircuitBreakerPolicy,
} from "cockatiel";

export interface EndpointBreakerOptions {
  /** Consecutive failures that open an endpoint's circuit, default 5. */
  failures?: number;
  /** How long an open circuit fails fast before a probe, default 5000 ms. */
  halfOpenAfterMs?: number;
}

/** How one call through the breaker ended: its value, or the error it threw. */
type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

export class EndpointBreakers {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(
    /** True for an error that counts as a failure of the endpoint (not e.g. a 404). */
    private readonly isFailure: (error: unknown) => boolean,
    private readonly options: EndpointBreakerOptions = {},
  ) {}

  /** Runs `call` through the endpoint's circuit; `whenOpen()` is thrown instead while it is open. */
  async run<R>(endpoint: string, call: () => Promise<R>, whenOpen: () => Error): Promise<R> {
    let settled: Settled;
    try {
      settled = await this.breakerFor(endpoint).execute(async (): Promise<Settled> => {
        try {
          return { ok: true, value: await call() };
        } catch (error) {
          return { ok: false, error };
        }
      });
    } catch (error) {
      if (error instanceof BrokenCircuitError || error instanceof IsolatedCircuitError) throw whenOpen();
      throw error;
    }
    if (!settled.ok) throw settled.error;
    return settled.value as R;
  }

  private breakerFor(endpoint: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(endpoint);
    if (!breaker) {
      breaker = circuitBreaker(
        handleWhenResult(
          (result) => !(result as Settled).ok && this.isFailure((result as Settled & { ok: false }).error),
        ),
        {
          halfOpenAfter: this.options.halfOpenAfterMs ?? 5000,
          breaker: new ConsecutiveBreaker(this.options.failures ?? 5),
        },
      );
      // Route templates are a fixed set: this map stays small.
      this.breakers.set(endpoint, breaker);
    }
    return breaker;
  }
}
