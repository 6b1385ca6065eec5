/**
 * An async iterator fed by `push`, for one subscriber. A slow consumer never makes
 * it grow past `bufferSize`: the oldest items are dropped, because for statuses a
 * newer one supersedes an older one. No timers; nothing runs unless pushed or pulled.
 */

/** Default number of items kept for a consumer that is not pulling. */
export const DEFAULT_BUFFER_SIZE = 16;

export interface SlidingBufferIteratorOptions {
  /** Most items kept while the consumer is behind; older ones are dropped. Default 16. */
  bufferSize?: number;
  /**
   * Runs once, on the first `next()`, before it looks for items: lets the producer
   * start lazily (and push a first item synchronously). If it throws, the iterator
   * closes and that `next()` rejects with the error.
   */
  onFirstNext?: () => void;
  /**
   * Runs exactly once, when the iterator stops accepting items: `return()`,
   * `throw()`, `close()` or `end()`, whichever comes first.
   */
  onClose?: () => void;
}

type Resolver<T> = (result: IteratorResult<T>) => void;

const DONE: IteratorResult<never> = Object.freeze({ done: true, value: undefined });

export class SlidingBufferIterator<T> implements AsyncIterableIterator<T> {
  private readonly bufferSize: number;
  private onFirstNext: (() => void) | undefined;
  private onClose: (() => void) | undefined;
  private readonly buffer: T[] = [];
  /** `next()` calls waiting for an item; only non-empty while the buffer is empty. */
  private readonly waiting: Resolver<T>[] = [];
  /** No more pushes; what is buffered is still delivered (`end()`). */
  private ended = false;
  private droppedItems = 0;

  constructor(options: SlidingBufferIteratorOptions = {}) {
    const bufferSize = options.bufferSize ?? DEFAULT_BUFFER_SIZE;
    if (!Number.isInteger(bufferSize) || bufferSize < 1) {
      throw new RangeError(`bufferSize must be a positive integer, got ${bufferSize}`);
    }
    this.bufferSize = bufferSize;
    this.onFirstNext = options.onFirstNext;
    this.onClose = options.onClose;
  }

  /** Items dropped so far because the consumer was behind. */
  get dropped(): number {
    return this.droppedItems;
  }

  /** True once the iterator accepts no more items. */
  get isClosed(): boolean {
    return this.ended;
  }

  /** Hands `item` to a waiting `next()`, or buffers it (dropping the oldest when full). */
  push(item: T): void {
    if (this.ended) return;
    const resolve = this.waiting.shift();
    if (resolve) {
      resolve({ done: false, value: item });
      return;
    }
    this.buffer.push(item);
    if (this.buffer.length > this.bufferSize) {
      this.buffer.shift();
      this.droppedItems++;
    }
  }

  /** The producer is finished: buffered items are still delivered, then `{done: true}`. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    // Waiters exist only when the buffer is empty, so they are done now.
    for (const resolve of this.waiting.splice(0)) resolve(DONE);
    this.runOnClose();
  }

  /** Ends at once: buffered items are discarded and every pending `next()` is done. */
  close(): void {
    this.buffer.length = 0;
    this.end();
  }

  next(): Promise<IteratorResult<T>> {
    const start = this.onFirstNext;
    if (start) {
      this.onFirstNext = undefined;
      if (!this.ended) {
        try {
          start();
        } catch (error) {
          this.close();
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      }
    }
    if (this.buffer.length > 0) {
      return Promise.resolve({ done: false, value: this.buffer.shift() as T });
    }
    if (this.ended) return Promise.resolve(DONE);
    return new Promise<IteratorResult<T>>((resolve) => this.waiting.push(resolve));
  }

  /** The consumer is done (GraphQL `complete`, socket closed, `break` in `for await`). */
  return(): Promise<IteratorResult<T>> {
    this.onFirstNext = undefined;
    this.close();
    return Promise.resolve(DONE);
  }

  /** Like `return()`, then rejects with `error`, as a generator without a `catch` would. */
  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.onFirstNext = undefined;
    this.close();
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private runOnClose(): void {
    const onClose = this.onClose;
    this.onClose = undefined;
    onClose?.();
  }
}
