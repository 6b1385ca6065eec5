/**
 * A bare graphql-transport-ws client on `ws` for abuse tests: it sends exactly
 * what a test says (thousands of subscribes, no pong, a paused reader) and
 * records every message and the close code.
 */
import WebSocket from "ws";
import type { Socket } from "node:net";

export interface RawMessage {
  id?: string;
  type: string;
  payload?: unknown;
}

export class RawGraphqlWs {
  readonly socket: WebSocket;
  readonly messages: RawMessage[] = [];
  closeCode: number | undefined;
  readonly closed: Promise<number>;
  readonly opened: Promise<void>;

  constructor(url: string, options: { autoPong?: boolean } = {}) {
    this.socket = new WebSocket(url, "graphql-transport-ws", { autoPong: options.autoPong ?? true });
    this.socket.on("error", () => undefined);
    this.opened = new Promise((resolve, reject) => {
      this.socket.once("open", () => resolve());
      this.socket.once("close", () => reject(new Error("closed before open")));
    });
    this.opened.catch(() => undefined);
    this.closed = new Promise((resolve) =>
      this.socket.once("close", (code) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
    this.socket.on("message", (data: Buffer) => {
      const message = JSON.parse(data.toString("utf8")) as RawMessage;
      if (message.type === "ping") this.send({ type: "pong" });
      this.messages.push(message);
    });
  }

  /** Opens and sends connection_init; resolves on connection_ack, rejects on close. */
  async init(token: string | undefined): Promise<void> {
    await this.opened;
    this.send({ type: "connection_init", payload: token ? { authorization: `Bearer ${token}` } : {} });
    await new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.messages.some((m) => m.type === "connection_ack")) resolve();
      };
      this.socket.on("message", check);
      this.socket.once("close", (code) => reject(new Error(`closed ${code}`)));
      check();
    });
  }

  send(message: RawMessage | string): void {
    if (this.socket.readyState !== WebSocket.OPEN) return;
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  subscribe(id: string, query: string, variables?: Record<string, unknown>): void {
    this.send({ id, type: "subscribe", payload: { query, variables } });
  }

  ofType(type: string): RawMessage[] {
    return this.messages.filter((m) => m.type === type);
  }

  /** Error messages whose first error has this code. */
  errorsWithCode(code: string): RawMessage[] {
    return this.ofType("error").filter(
      (m) => (m.payload as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code === code,
    );
  }

  /** Stops reading from the TCP socket: the server's writes pile up in kernel and then its buffers. */
  pauseReading(): void {
    (this.socket as unknown as { _socket: Socket })._socket.pause();
  }

  close(): void {
    this.socket.terminate();
  }
}
