/** What the poller reports; `src/observability/metrics.ts` backs it with Prometheus. */
export interface PollerMetrics {
  /** One upstream status poll started. */
  pollTick(): void;
  /** A message was handed to `count` local subscribers. */
  delivered(count: number): void;
  /** Number of running poll loops (a gauge). */
  activeLoops(n: number): void;
  /** Number of started subscriptions (a gauge). */
  activeSubscriptions(n: number): void;
}

export const noopPollerMetrics: PollerMetrics = {
  pollTick: () => {},
  delivered: () => {},
  activeLoops: () => {},
  activeSubscriptions: () => {},
};
