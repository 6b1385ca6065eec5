/**
 * graphql-ws's protocol server on `ws` sockets, in place of graphql-ws's own
 * `use/ws` adapter, which (a) counts any pong as alive, so a client that stops
 * reading but sends unsolicited pongs is kept forever, (b) queues every message
 * however far behind the socket is, and (c) prints errors with stack traces to
 * stderr. Here:
 *
 * - keep-alive: a ping carries a random payload and only the pong echoing it
 *   (RFC 6455 §5.5.3) counts; a ping unanswered by the next one ends the socket;
 * - outbound: past `maxBufferedBytes` not yet taken by the kernel
 *   (`bufferedAmount`), the socket is closed (1008) and dropped a second later,
 *   so a reader that stopped costs at most that much memory;
 * - errors are logged as type and message through the server's logger.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { handleProtocols, makeServer, type ServerOptions } from "graphql-ws";
import { WebSocket, type WebSocketServer } from "ws";
import type { Logger } from "../../observability/logger.js";

/** Close codes this transport uses (graphql-ws's own 44xx codes are unchanged). */
export const WS_CLOSE = {
  /** RFC 6455 1008: the client does not read what it is sent. */
  slowConsumer: 1008,
  /** RFC 6455 1013 (try again later): the process holds WS_MAX_CONNECTIONS sockets. */
  serverBusy: 1013,
  internalError: 4500,
} as const;

export interface WsTransportOptions {
  keepAliveMs: number;
  maxBufferedBytes: number;
  maxConnections: number;
  logger: Logger;
  /** A limit closed a socket or refused it (metrics). */
  onRefused?: (limit: "connections" | "slow-consumer" | "keep-alive") => void;
}

export interface WsExtra {
  readonly socket: WebSocket;
  readonly request: IncomingMessage;
}

/** A dropped socket gets this long to take its close frame before it is destroyed. */
const CLOSE_GRACE_MS = 1000;

function errorFields(error: unknown): { type: string; message: string } {
  return error instanceof Error
    ? { type: error.name, message: error.message }
    : { type: "Error", message: String(error) };
}

/** Closes with `code`, then destroys the socket if the close handshake does not finish soon. */
export function closeSoon(socket: WebSocket, code: number, reason: string): void {
  if (socket.readyState === WebSocket.CLOSED) return;
  socket.close(code, reason);
  setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
}

function keepAlive(socket: WebSocket, options: WsTransportOptions): () => void {
  let awaited: Buffer | undefined;
  socket.on("pong", (payload: Buffer) => {
    if (awaited?.equals(payload)) awaited = undefined;
  });
  const timer = setInterval(() => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (awaited) {
      options.onRefused?.("keep-alive");
      options.logger.info("websocket keep-alive ping unanswered; socket dropped");
      socket.terminate();
      return;
    }
    awaited = randomBytes(8);
    socket.ping(awaited);
  }, options.keepAliveMs);
  return () => clearInterval(timer);
}

/**
 * Returns nothing, so graphql-ws goes on at once instead of waiting on a promise
 * per message: a socket keeps its messages in order by itself, the batcher
 * (websocket-frame-batcher.ts) frames a burst into one write, and a write that
 * fails closes the socket, which ends its operations. At 10,000 subscribers the
 * promise, closure and callback per message were a third of the server's CPU
 * per delivered message (bench/fan-out.ts, paired with the promise: 24–28 µs
 * against 16–18).
 */
function sendBounded(socket: WebSocket, data: string, options: WsTransportOptions): void {
  if (socket.readyState !== WebSocket.OPEN) return;
  if (socket.bufferedAmount > options.maxBufferedBytes) {
    options.onRefused?.("slow-consumer");
    options.logger.warn(
      { bufferedBytes: socket.bufferedAmount },
      "websocket client does not read; socket closed",
    );
    closeSoon(socket, WS_CLOSE.slowConsumer, "Slow consumer: outbound buffer full");
    return;
  }
  socket.send(data);
}

/** Serves graphql-ws on `wss`; `dispose` closes every socket with 1001 and the server. */
export function serveGraphqlWs<P extends Record<string, unknown> | undefined, E>(
  wss: WebSocketServer,
  serverOptions: ServerOptions<P, WsExtra & E>,
  options: WsTransportOptions,
): { dispose(): Promise<void> } {
  const server = makeServer<P, WsExtra & E>(serverOptions);
  const { logger } = options;
  wss.options.handleProtocols = handleProtocols;
  wss.on("error", (error) => logger.error({ err: errorFields(error) }, "websocket server error"));
  wss.on("connection", (socket, request) => {
    socket.on("error", (error) =>
      logger.info({ err: errorFields(error) }, "websocket protocol error; socket closed"),
    );
    if (wss.clients.size > options.maxConnections) {
      options.onRefused?.("connections");
      closeSoon(socket, WS_CLOSE.serverBusy, "Server at connection capacity");
      return;
    }
    const stopKeepAlive = keepAlive(socket, options);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) => sendBounded(socket, data, options),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on("message", (data: Buffer) => {
            handle(data.toString("utf8")).catch((error: unknown) => {
              logger.error({ err: errorFields(error) }, "websocket message handling failed");
              socket.close(WS_CLOSE.internalError, "Internal server error");
            });
          }),
      },
      { socket, request } as WsExtra & E,
    );
    socket.once("close", (code, reason) => {
      stopKeepAlive();
      closed(code, reason.toString("utf8")).catch((error: unknown) =>
        logger.warn({ err: errorFields(error) }, "websocket close handling failed"),
      );
    });
  });
  return {
    dispose: async () => {
      for (const client of wss.clients) client.close(1001, "Going away");
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
