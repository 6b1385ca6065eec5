/**
 * Prometheus metrics (prom-client), one Registry per server instance so that two
 * servers in one test process do not share counters.
 */
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { BoundedLabels } from "./bounded-labels.js";
import { BoundCounter, BoundHistogram, type CounterSeries, type HistogramSeries } from "./bound-series.js";

/** A counter's and a histogram's series for one label set. */
interface SeriesPair {
  count: CounterSeries;
  duration: HistogramSeries;
}

/**
 * The series pairs by label values, looked up through nested maps: no key
 * string is built per recording (route templates and statuses are a small,
 * fixed set; operation names are bounded before they get here).
 */
class SeriesIndex {
  private readonly root = new Map<string, Map<string, Map<string, SeriesPair>>>();
  constructor(private readonly make: (a: string, b: string, c: string) => SeriesPair) {}

  get(a: string, b: string, c: string): SeriesPair {
    let byB = this.root.get(a);
    if (!byB) this.root.set(a, (byB = new Map<string, Map<string, SeriesPair>>()));
    let byC = byB.get(b);
    if (!byC) byB.set(b, (byC = new Map<string, SeriesPair>()));
    let pair = byC.get(c);
    if (!pair) byC.set(c, (pair = this.make(a, b, c)));
    return pair;
  }
}

export interface UpstreamMetrics {
  /** One upstream HTTP exchange; `status` is the HTTP status or "error"/"timeout". */
  observeUpstream(method: string, route: string, status: string, seconds: number): void;
}

/** From 5 ms to the 10 s of a slow upstream attempt. */
const LATENCY_BUCKETS_SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class Metrics implements UpstreamMetrics {
  readonly registry = new Registry();
  readonly upstreamRequests = new BoundCounter({
    name: "atrium_upstream_requests_total",
    help: "Requests to the Atrium API by method, route template and status.",
    labelNames: ["method", "route", "status"] as const,
    registers: [this.registry],
  });
  readonly upstreamDuration = new BoundHistogram({
    name: "atrium_upstream_request_duration_seconds",
    help: "Latency of requests to the Atrium API.",
    labelNames: ["method", "route"] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  readonly operations = new BoundCounter({
    name: "graphql_operations_total",
    help: "GraphQL operations by operation name, type and outcome.",
    labelNames: ["operation", "type", "outcome"] as const,
    registers: [this.registry],
  });
  readonly operationDuration = new BoundHistogram({
    name: "graphql_operation_duration_seconds",
    help: "Latency of GraphQL operations over HTTP.",
    labelNames: ["operation", "type"] as const,
    buckets: LATENCY_BUCKETS_SECONDS,
    registers: [this.registry],
  });
  readonly activeSubscriptions = new Gauge({
    name: "graphql_active_subscriptions",
    help: "memberStatus subscriptions currently open.",
    registers: [this.registry],
  });
  readonly activePollLoops = new Gauge({
    name: "member_status_poll_loops",
    help: "Member status poll loops currently running.",
    registers: [this.registry],
  });
  readonly pollTicks = new Counter({
    name: "member_status_poll_ticks_total",
    help: "Status polls made by the member status poller.",
    registers: [this.registry],
  });
  readonly deliveries = new Counter({
    name: "member_status_deliveries_total",
    help: "memberStatus events delivered to subscribers.",
    registers: [this.registry],
  });

  readonly wsRefusals = new Counter({
    name: "graphql_ws_refusals_total",
    help: "WebSocket sockets and operations refused or closed by a limit, by limit.",
    labelNames: ["limit"] as const,
    registers: [this.registry],
  });
  /** Operation names are chosen by clients: a bounded set of them become labels. */
  private readonly operationNames: BoundedLabels;
  private readonly upstreamSeries = new SeriesIndex((route, method, status) => ({
    count: this.upstreamRequests.series({ method, route, status }),
    duration: this.upstreamDuration.series({ method, route }),
  }));
  /** Keyed by the bounded operation label, so as bounded as it. */
  private readonly operationSeries = new SeriesIndex((operation, type, outcome) => ({
    count: this.operations.series({ operation, type, outcome }),
    duration: this.operationDuration.series({ operation, type }),
  }));

  readonly webhooks = new Counter({
    name: "mx_webhooks_total",
    help: "MX webhook deliveries by outcome (nudged, repeat, ignored, unauthorized).",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });

  constructor(options: { processMetrics?: boolean; maxOperationNames?: number } = {}) {
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
    this.operationNames = new BoundedLabels(options.maxOperationNames ?? 100);
  }

  /** One finished HTTP operation; its name is a label only while the bounded set has room. */
  observeOperation(name: string, type: string, outcome: string, seconds: number): void {
    const child = this.operationSeries.get(this.operationNames.label(name), type, outcome);
    child.count.inc();
    child.duration.observe(seconds);
  }

  /** The poller's hooks (its PollerMetrics port), backed by the gauges and counters above. */
  pollerMetrics(): {
    pollTick(): void;
    delivered(count: number): void;
    activeLoops(n: number): void;
    activeSubscriptions(n: number): void;
  } {
    return {
      pollTick: () => this.pollTicks.inc(),
      delivered: (count) => this.deliveries.inc(count),
      activeLoops: (n) => this.activePollLoops.set(n),
      activeSubscriptions: (n) => this.activeSubscriptions.set(n),
    };
  }

  observeUpstream(method: string, route: string, status: string, seconds: number): void {
    const child = this.upstreamSeries.get(route, method, status);
    child.count.inc();
    child.duration.observe(seconds);
  }
}
