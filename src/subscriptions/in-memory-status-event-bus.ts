/**
 * The status bus of one process: a Map from topic to its listeners and the last
 * message published on it. Publishing to N listeners is N calls with the same
 * message object: nothing is copied or allocated per listener.
 */
import type { MemberStatusMessage } from "./member-status-message.js";
import type { StatusEventBus, StatusListener } from "./ports.js";

interface Topic {
  listeners: Set<StatusListener>;
  last: MemberStatusMessage | undefined;
}

export class InMemoryStatusEventBus implements StatusEventBus {
  private readonly topics = new Map<string, Topic>();
  private closed = false;

  /**
   * Listeners are called synchronously, in subscription order. One that throws
   * does not stop delivery to the others; the first error is rethrown after.
   */
  publish(topic: string, message: MemberStatusMessage): void {
    const state = this.topics.get(topic);
    if (!state) return;
    state.last = message;
    let failure: { error: unknown } | undefined;
    // A listener may unsubscribe itself during delivery; Set iteration allows that.
    for (const listener of state.listeners) {
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
    let state = this.topics.get(topic);
    if (!state) {
      state = { listeners: new Set(), last: undefined };
      this.topics.set(topic, state);
    }
    const { listeners } = state;
    listeners.add(listener);
    const topics = this.topics;
    const own = state;
    return () => {
      // Drop empty topics (and their last message): members nobody watches cost nothing.
      if (listeners.delete(listener) && listeners.size === 0 && topics.get(topic) === own) {
        topics.delete(topic);
      }
    };
  }

  last(topic: string): MemberStatusMessage | undefined {
    return this.topics.get(topic)?.last;
  }

  /** Always: nothing between the poller and its subscribers can fail here. */
  isAvailable(): boolean {
    return true;
  }

  /** Number of topics with at least one listener (for tests and leak checks). */
  get topicCount(): number {
    return this.topics.size;
  }

  listenerCount(topic: string): number {
    return this.topics.get(topic)?.listeners.size ?? 0;
  }

  close(): Promise<void> {
    this.closed = true;
    this.topics.clear();
    return Promise.resolve();
  }
}

function noop(): void {}
