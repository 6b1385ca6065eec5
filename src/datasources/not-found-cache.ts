/**
 * Upstream 404s remembered for a short time per path, so a client repeating a
 * missing (or another user's) member costs one upstream call, not one per ask.
 * Bounded: the oldest entries go first past `maxEntries`.
 */
export class NotFoundCache {
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  has(path: string): boolean {
    const until = this.entries.get(path);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.entries.delete(path);
    return false;
  }

  add(path: string): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(path);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(path, this.now() + this.ttlMs);
  }
}
