/**
 * The live-update socket's state as a tiny external store for React's useSyncExternalStore:
 * the page shows "reconnecting" when the WebSocket dropped while it was in use.
 */
export type SocketState = "idle" | "connecting" | "connected" | "reconnecting";

export class SocketStateStore {
  private state: SocketState = "idle";
  private readonly listeners = new Set<() => void>();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = (): SocketState => this.state;

  set(next: SocketState): void {
    if (next === this.state) return;
    this.state = next;
    for (const listener of this.listeners) listener();
  }
}
