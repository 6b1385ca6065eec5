/**
 * The bus the poller publishes on and subscribers listen to: how events travel,
 * kept apart from who polls. In-process here; a Redis-backed bus can implement
 * the same interface (encoding with `encodeMessage`).
 */
import type { MemberStatusMessage } from "./member-status-message.js";

export type StatusListener = (message: MemberStatusMessage) => void;

export interface StatusEventBus {
  /** Delivers to every listener of `topic` (on every instance, for a shared bus). */
  publish(topic: string, message: MemberStatusMessage): void | Promise<void>;
  /** Returns the function that removes this listener; calling it twice is harmless. */
  subscribe(topic: string, listener: StatusListener): () => void;
  close(): Promise<void>;
  /**
   * Shared buses only (their presence marks a bus as shared across instances):
   * delivers the topic's last stored message to its local listeners, unless they
   * already got a newer one. Pub/sub replays nothing, so without this a first
   * local subscriber would wait for the next change made on another instance.
   */
  replay?(topic: string): Promise<void>;
  /** Shared buses only: false while the bus cannot carry messages (its connection is down). */
  isAvailable?(): boolean;
}

/**
 * A Map from topic to its listeners. Publishing to N listeners is N calls with the
 * same message object: nothing is copied or allocated per listener. Listeners are
 * called synchronously, in subscription order.
 */
export class InMemoryStatusEventBus implements StatusEventBus {
  private readonly topics = new Map<string, Set<StatusListener>>();
  private closed = false;

  /**
   * A listener that throws does not stop delivery to the others; the first error
   * is rethrown once all listeners have been called.
   */
  publish(topic: string, message: MemberStatusMessage): void {
    const listeners = this.topics.get(topic);
    if (!listeners) return;
    let failure: { error: unknown } | undefined;
    // A listener may unsubscribe itself during delivery; Set iteration allows that.
    for (const listener of listeners) {
      try {
        listener(message);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  subscribe(topic: string, listener: StatusListener): () => void {
    if (this.closed) return noop;
    let listeners = this.topics.get(topic);
    if (!listeners) {
      listeners = new Set();
      this.topics.set(topic, listeners);
    }
    listeners.add(listener);
    const topics = this.topics;
    return () => {
      // Drop empty topics so members nobody watches any more cost nothing.
      if (listeners.delete(listener) && listeners.size === 0 && topics.get(topic) === listeners) {
        topics.delete(topic);
      }
    };
  }

  /** Number of topics with at least one listener (for tests and leak checks). */
  get topicCount(): number {
    return this.topics.size;
  }

  listenerCount(topic: string): number {
    return this.topics.get(topic)?.size ?? 0;
  }

  close(): Promise<void> {
    this.closed = true;
    this.topics.clear();
    return Promise.resolve();
  }
}

function noop(): void {}
