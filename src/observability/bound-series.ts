/**
 * Counters and histograms for the hot paths (every upstream request, every
 * operation): a label set is bound to a series once, and recording is plain
 * arithmetic on it. prom-client's own children validate and hash their label
 * values again on every `inc` and `observe`; with four upstream requests and an
 * operation to record, that was 1.5 % of the server's CPU per nested query.
 * prom-client still owns the registry and the exposition: the counter hands
 * its counts over in its `collect` hook at scrape time, and the histogram
 * answers the registry's two read methods with the same values prom-client's
 * Histogram would (`test/unit/bound-series.test.ts` compares the two outputs).
 */
import { Counter, Histogram, type CounterConfiguration, type HistogramConfiguration } from "prom-client";

type Labels<T extends string> = Record<T, string>;

export interface CounterSeries {
  inc(): void;
}

export interface HistogramSeries {
  observe(value: number): void;
}

/**
 * Series by label set, made on first use. Label values never contain NUL.
 * Callers keep the series they get: a lookup costs what recording saves.
 */
class SeriesByLabels<T extends string, S> {
  readonly all = new Map<string, S>();
  constructor(
    private readonly names: readonly T[],
    private readonly make: (labels: Record<string, string>) => S,
  ) {}

  get(labels: Labels<T>): S {
    const key = this.names.map((name) => labels[name]).join("\u0000");
    let series = this.all.get(key);
    if (!series) {
      series = this.make({ ...labels });
      this.all.set(key, series);
    }
    return series;
  }
}

class PendingCount implements CounterSeries {
  pending = 0;
  constructor(readonly labels: Record<string, string>) {}
  inc(): void {
    this.pending++;
  }
}

export class BoundCounter<T extends string> extends Counter<T> {
  private readonly bound: SeriesByLabels<T, PendingCount>;

  /** No `collect` of the caller's: the counter's own hands prom-client its counts. */
  constructor(config: Omit<CounterConfiguration<T>, "collect"> & { labelNames: readonly T[] }) {
    super(config);
    this.bound = new SeriesByLabels(config.labelNames, (labels) => new PendingCount(labels));
  }

  series(labels: Labels<T>): CounterSeries {
    return this.bound.get(labels);
  }

  /** prom-client calls it before every read (its `collect` hook): the counts since the last read. */
  collect(): void {
    for (const series of this.bound.all.values()) {
      if (series.pending === 0) continue;
      this.inc(series.labels as Partial<Labels<T>>, series.pending);
      series.pending = 0;
    }
  }

  /** Also drops the counts not yet handed over. prom-client's constructor calls it before `bound` exists. */
  override reset(): void {
    super.reset();
    (this.bound as SeriesByLabels<T, PendingCount> | undefined)?.all.forEach(
      (series) => (series.pending = 0),
    );
  }
}

class Buckets implements HistogramSeries {
  readonly counts: number[];
  sum = 0;
  count = 0;
  constructor(
    readonly labels: Record<string, string>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = bounds.map(() => 0);
  }
  zero(): void {
    this.counts.fill(0);
    this.sum = 0;
    this.count = 0;
  }
  observe(value: number): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    if (i < bounds.length) this.counts[i]!++;
    this.sum += value;
    this.count++;
  }
}

/** One exposition line's value, as prom-client's registry reads a histogram's. */
interface ExpositionValue {
  labels: Record<string, string | number>;
  sharedLabels: Record<string, string>;
  value: number;
  metricName: string;
  /** prom-client's buckets carry `null` (no exemplars here), its sum and count `undefined`. */
  exemplar: null | undefined;
}

export class BoundHistogram<T extends string> extends Histogram<T> {
  private readonly bound: SeriesByLabels<T, Buckets>;
  private readonly bounds: readonly number[];
  private readonly metricName: string;
  private readonly metricHelp: string;

  constructor(config: HistogramConfiguration<T> & { labelNames: readonly T[]; buckets: number[] }) {
    super(config);
    const bounds = [...config.buckets].sort((a, b) => a - b);
    this.bounds = bounds;
    this.metricName = config.name;
    this.metricHelp = config.help;
    this.bound = new SeriesByLabels(config.labelNames, (labels) => new Buckets(labels, bounds));
  }

  series(labels: Labels<T>): HistogramSeries {
    return this.bound.get(labels);
  }

  /** What prom-client 15's registry reads for the text exposition. */
  getForPromString(): Promise<{
    name: string;
    help: string;
    type: "histogram";
    values: ExpositionValue[];
    aggregator: "sum";
  }> {
    const name = this.metricName;
    const help = this.metricHelp;
    const values: ExpositionValue[] = [];
    for (const series of this.bound.all.values()) {
      const sharedLabels = series.labels;
      let cumulative = 0;
      this.bounds.forEach((le, i) => {
        cumulative += series.counts[i]!;
        values.push({
          labels: { le },
          sharedLabels,
          value: cumulative,
          metricName: `${name}_bucket`,
          exemplar: null,
        });
      });
      values.push(
        {
          labels: { le: "+Inf" },
          sharedLabels,
          value: series.count,
          metricName: `${name}_bucket`,
          exemplar: null,
        },
        { labels: {}, sharedLabels, value: series.sum, metricName: `${name}_sum`, exemplar: undefined },
        { labels: {}, sharedLabels, value: series.count, metricName: `${name}_count`, exemplar: undefined },
      );
    }
    return Promise.resolve({ name, help, type: "histogram", values, aggregator: "sum" });
  }

  override async get(): ReturnType<Histogram<T>["get"]> {
    const data = await this.getForPromString();
    const values = data.values.map(({ labels, sharedLabels, ...rest }) => ({
      ...rest,
      labels: { ...labels, ...sharedLabels },
    }));
    return { ...data, values } as unknown as Awaited<ReturnType<Histogram<T>["get"]>>;
  }

  /** Zeroes every series in place: callers keep theirs. prom-client's constructor calls it before the map exists. */
  override reset(): void {
    (this.bound as SeriesByLabels<T, Buckets> | undefined)?.all.forEach((series) => series.zero());
  }
}
