/**
 * One status change goes to every subscription on a socket at once (a client
 * may hold hundreds). Corking the TCP socket for the rest of the turn lets Node
 * hand all of the burst's frames to the kernel in one writev instead of one
 * write each, while ws still frames every message and acknowledges it only when
 * the kernel took it: backpressure (`bufferedAmount`, the send callbacks) stays
 * what ws reports.
 */
import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";

/** Corks `tcp` at the first send of a turn and uncorks it at the next one. */
export function corkBursts(socket: WebSocket, tcp: Duplex): void {
  let corked = false;
  const uncork = (): void => {
    corked = false;
    tcp.uncork();
  };
  const send = socket.send.bind(socket);
  socket.send = ((...args: Parameters<WebSocket["send"]>) => {
    if (!corked && !tcp.destroyed) {
      corked = true;
      tcp.cork();
      setImmediate(uncork);
    }
    (send as (...a: unknown[]) => void)(...args);
  }) as WebSocket["send"];
}
