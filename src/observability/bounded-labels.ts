/**
 * A cardinality cap for one metric label, as OpenTelemetry's SDKs cap
 * attribute sets: the first `limit` distinct values keep their own series and
 * every later one folds into `OVERFLOW_LABEL`. Client-chosen strings (operation
 * names) otherwise grow the registry, and every scrape, without bound.
 */
export const OVERFLOW_LABEL = "__other__";

/** Longest value kept as a label; longer ones fold into the overflow series too. */
export const MAX_LABEL_LENGTH = 100;

export class BoundedLabels {
  private readonly seen = new Set<string>();

  constructor(private readonly limit: number) {}

  /** `value` itself while there is room for it (or it already has a series), else the overflow label. */
  label(value: string): string {
    if (this.seen.has(value)) return value;
    if (this.seen.size >= this.limit || value.length > MAX_LABEL_LENGTH) return OVERFLOW_LABEL;
    this.seen.add(value);
    return value;
  }

  get size(): number {
    return this.seen.size;
  }
}
