// Every timer the sandbox sets goes through one registry, so close() can clear them all and the
// process can exit (the brief's "close() leaves no timers").

/** setTimeout's largest delay; longer ones would fire at once (Node's TimeoutOverflowWarning). */
const MAX_DELAY_MS = 2_147_483_647;

/** A handle returned by {@link TimerRegistry.set}. */
export type TimerHandle = ReturnType<typeof setTimeout>;

/** Tracks timers; after {@link TimerRegistry.clearAll} it refuses new ones. */
export class TimerRegistry {
  private readonly handles = new Set<TimerHandle>();
  private closed = false;

  /** Runs `callback` after `ms`; returns undefined once the registry is closed. */
  set(callback: () => void, ms: number): TimerHandle | undefined {
    if (this.closed) return undefined;
    const handle = setTimeout(
      () => {
        this.handles.delete(handle);
        callback();
      },
      Math.min(MAX_DELAY_MS, Math.max(0, ms)),
    );
    this.handles.add(handle);
    return handle;
  }

  /** Cancels a timer (no-op for undefined or already fired handles). */
  clear(handle: TimerHandle | undefined): void {
    if (handle === undefined) return;
    clearTimeout(handle);
    this.handles.delete(handle);
  }

  /**
   * Resolves after `ms` (at once for 0). Once the registry is closed the promise never settles:
   * the request that waited on it is being torn down with its socket anyway.
   */
  delay(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.set(resolve, ms);
    });
  }

  /** Clears every pending timer and refuses new ones. */
  clearAll(): void {
    this.closed = true;
    for (const handle of this.handles) clearTimeout(handle);
    this.handles.clear();
  }

  /** Number of pending timers (for tests). */
  get size(): number {
    return this.handles.size;
  }
}
