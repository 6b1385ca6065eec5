/**
 * An upstream that misbehaves on purpose over real HTTP: it answers every
 * request with what `answer` decides (a redirect, a huge body) and records the
 * headers it was sent. A second listener records who follows a redirect.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { useFixture } from "./fixtures.js";

export interface HostileUpstream {
  url: string;
  received: Array<{ path: string; headers: IncomingHttpHeaders }>;
  close(): Promise<void>;
}

export async function startHostileUpstream(
  answer: (path: string, res: ServerResponse) => void,
): Promise<HostileUpstream> {
  const received: HostileUpstream["received"] = [];
  const server = createServer((req, res) => {
    received.push({ path: req.url ?? "", headers: req.headers });
    req.resume();
    answer(req.url ?? "", res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A hostile upstream of its own for the suite (see fixtures.ts), closed after its tests. */
export function useHostileUpstream(answer: (path: string, res: ServerResponse) => void): HostileUpstream {
  return useFixture(
    "the hostile upstream",
    () => startHostileUpstream(answer),
    (upstream) => upstream.close(),
  );
}

/** Streams `bytes` of a JSON-looking 200 body in 64 KiB chunks, honouring backpressure. */
export function streamHugeJson(res: ServerResponse, bytes: number): void {
  res.writeHead(200, {
    "content-type": "application/vnd.mx.atrium.v1+json",
    "content-length": String(bytes),
  });
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  const pump = (): void => {
    while (sent < bytes) {
      const size = Math.min(chunk.length, bytes - sent);
      sent += size;
      if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        res.once("drain", pump);
        return;
      }
    }
    res.end();
  };
  res.on("error", () => undefined);
  pump();
}
