/**
 * A TCP proxy in front of a real server (Redis), so a test can cut one client's
 * link and bring it back on the same port without touching the shared server.
 */
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { resolveLazy, useFixture, type Lazy } from "./fixtures.js";

export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Listens on an ephemeral port of 127.0.0.1 and forwards to `target` (a redis:// URL). */
  static async start(target: string): Promise<TcpProxy> {
    const url = new URL(target);
    const proxy = new TcpProxy(url.hostname, Number(url.port || 6379));
    await proxy.listen();
    return proxy;
  }

  /** redis://127.0.0.1:<port> with the target URL's credentials and path. */
  url(target: string): string {
    const url = new URL(target);
    url.hostname = "127.0.0.1";
    url.port = String(this.port);
    return url.toString();
  }

  /** Drops every connection and refuses new ones, like a Redis that went away. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Accepts connections again, on the same port. */
  restore(): Promise<void> {
    return this.listen();
  }

  close(): Promise<void> {
    return this.cut();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = createConnection({ host: this.targetHost, port: this.targetPort });
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on("error", () => socket.destroy());
        socket.on("close", () => {
          this.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.port, "127.0.0.1", () => {
        server.off("error", reject);
        const address = server.address();
        if (typeof address === "object" && address) this.port = address.port;
        resolve();
      });
    });
  }
}

/** A proxy of its own for the suite (see fixtures.ts) in front of `target`, closed after its tests. */
export function useTcpProxy(target: Lazy<string>): TcpProxy {
  return useFixture(
    "the TCP proxy",
    async () => TcpProxy.start(await resolveLazy(target)),
    (proxy) => proxy.close(),
  );
}
