/**
 * A minimal graphql-transport-ws client for load generation: one socket, many
 * subscriptions, one JSON.parse per message. The benchmark measures the server,
 * so the client does no more work per message than a browser tab would.
 */
import WebSocket from "ws";

export interface ThinSubscription {
  onNext(payload: unknown, receivedAt: number): void;
}

export class ThinWsClient {
  private readonly socket: WebSocket;
  private readonly subscriptions = new Map<string, ThinSubscription>();
  private nextId = 0;
  readonly ready: Promise<void>;

  constructor(url: string, token: string) {
    this.socket = new WebSocket(url, "graphql-transport-ws");
    this.ready = new Promise((resolve, reject) => {
      this.socket.once("error", reject);
      this.socket.once("open", () => {
        this.socket.send(
          JSON.stringify({ type: "connection_init", payload: { authorization: `Bearer ${token}` } }),
        );
      });
      this.socket.on("message", (data: Buffer) => {
        const receivedAt = Date.now();
        const message = JSON.parse(data.toString("utf8")) as { type: string; id?: string; payload?: unknown };
        if (message.type === "connection_ack") resolve();
        else if (message.type === "next" && message.id)
          this.subscriptions.get(message.id)?.onNext(message.payload, receivedAt);
        else if (message.type === "ping") this.socket.send(JSON.stringify({ type: "pong" }));
      });
    });
  }

  subscribe(query: string, variables: Record<string, unknown>, subscription: ThinSubscription): void {
    const id = String(this.nextId++);
    this.subscriptions.set(id, subscription);
    this.socket.send(JSON.stringify({ id, type: "subscribe", payload: { query, variables } }));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once("close", () => resolve());
      this.socket.close(1000);
    });
  }
}
