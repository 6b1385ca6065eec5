/**
 * One status change goes to every subscription on a socket at once (a client
 * may hold hundreds), and ws frames and writes each message on its own: two
 * buffers, a write request and a callback per frame. At 10,000 subscribers that
 * per-frame work, and the garbage it leaves, was most of the fan-out's cost.
 *
 * Here the text messages a socket is sent within one turn of the event loop are
 * framed into a single buffer and written once: every `FLUSH_FRAMES` messages
 * (so the first ones leave while later subscribers are still being served) and
 * at the next turn for the rest. The frames are exactly what ws would write
 * (RFC 6455 §5.2: FIN, text opcode, unmasked from a server).
 *
 * Only plain text messages are batched; anything else (binary, options, or a
 * negotiated extension such as permessage-deflate, which this server does not
 * enable) goes through ws, after whatever is queued, so order is kept. ws writes
 * control frames (ping, pong, close) straight to the socket, so those flush the
 * queue first too.
 */
import type { Duplex } from "node:stream";
import { WebSocket } from "ws";

/** Messages queued on one socket before they are written without waiting for the next turn. */
export const FLUSH_FRAMES = 32;

type SendCallback = (error?: Error) => void;

/** Header length of an unmasked frame carrying `length` payload bytes. */
function headerLength(length: number): number {
  return length < 126 ? 2 : length <= 0xffff ? 4 : 10;
}

/** Writes the header of a final, unmasked text frame at `offset`; returns where the payload starts. */
function writeTextHeader(target: Buffer, offset: number, length: number): number {
  target[offset] = 0x81;
  if (length < 126) {
    target[offset + 1] = length;
    return offset + 2;
  }
  if (length <= 0xffff) {
    target[offset + 1] = 126;
    target.writeUInt16BE(length, offset + 2);
    return offset + 4;
  }
  target[offset + 1] = 127;
  target.writeUInt32BE(Math.floor(length / 2 ** 32), offset + 2);
  target.writeUInt32BE(length >>> 0, offset + 6);
  return offset + 10;
}

/** The frames of `messages`, back to back in one buffer. */
export function encodeTextFrames(messages: readonly string[]): Buffer {
  const lengths = messages.map((message) => Buffer.byteLength(message));
  let total = 0;
  for (const length of lengths) total += headerLength(length) + length;
  const frames = Buffer.allocUnsafe(total);
  let offset = 0;
  for (let i = 0; i < messages.length; i++) {
    offset = writeTextHeader(frames, offset, lengths[i]!);
    offset += frames.write(messages[i]!, offset, "utf8");
  }
  return frames;
}

/** Makes `socket.send` of text messages batch into one write per burst on `tcp`, its TCP socket. */
export function batchTextFrames(socket: WebSocket, tcp: Duplex, flushFrames = FLUSH_FRAMES): void {
  if (socket.extensions !== "") return;
  const send = socket.send.bind(socket);
  let messages: string[] = [];
  let callbacks: SendCallback[] = [];
  let scheduled = false;

  const flush = (): void => {
    if (messages.length === 0) return;
    const batch = messages;
    const done = callbacks;
    messages = [];
    callbacks = [];
    // As ws's adapter in graphql-ws does for a closed socket: the message is dropped quietly.
    if (socket.readyState !== WebSocket.OPEN || tcp.destroyed) {
      for (const callback of done) callback();
      return;
    }
    // Acknowledged once the stream holds the frames, not once the kernel has them:
    // graphql-ws waits on it only to keep a subscription's messages in order, which
    // one stream already does, and a burst's subscribers then finish (and leave
    // garbage that dies young) without waiting for the writes to drain. What the
    // stream holds counts in ws's `bufferedAmount`, which ws-transport.ts caps per
    // socket (WS_MAX_BUFFERED_BYTES), so a reader that stops is closed, not fed.
    // (Corking the socket per burst instead, measured side by side: p50 1.5–2× higher.)
    // A write that fails destroys the socket, which ws reports as its close.
    tcp.write(encodeTextFrames(batch));
    for (const callback of done) callback();
  };
  const flushOnNextTurn = (): void => {
    scheduled = false;
    flush();
  };

  socket.send = ((data: unknown, optionsOrCallback?: unknown, callback?: unknown) => {
    if (
      typeof data !== "string" ||
      typeof optionsOrCallback === "object" ||
      socket.readyState !== WebSocket.OPEN
    ) {
      flush();
      return (send as (...args: unknown[]) => void)(data, optionsOrCallback, callback);
    }
    messages.push(data);
    const onSent = (typeof optionsOrCallback === "function" ? optionsOrCallback : callback) as
      SendCallback | undefined;
    if (onSent) callbacks.push(onSent);
    if (messages.length >= flushFrames) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flushOnNextTurn);
    }
  }) as WebSocket["send"];

  const controls = socket as unknown as Record<"ping" | "pong" | "close", (...args: unknown[]) => void>;
  for (const method of ["ping", "pong", "close"] as const) {
    const original = controls[method].bind(socket);
    controls[method] = (...args: unknown[]) => {
      flush();
      original(...args);
    };
  }
  socket.once("close", flush);
}
