/**
 * `GET /metrics` (Prometheus text), on the API port or on its own
 * (METRICS_PORT), optionally behind a bearer token (METRICS_TOKEN) compared in
 * constant time. Its own port keeps scrapes off the public listener.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { timingSafeEqual } from "node:crypto";
import express, { Router, type RequestHandler } from "express";
import { bearerToken } from "../../auth/token-verifier.js";
import type { Metrics } from "../../observability/metrics.js";

function tokenMatches(expected: string, header: string | undefined): boolean {
  const given = bearerToken(header);
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function metricsHandler(metrics: Metrics, token: string | undefined): RequestHandler {
  return async (req, res) => {
    if (token !== undefined && !tokenMatches(token, req.headers.authorization)) {
      res.status(401).set("www-authenticate", "Bearer").json({ error: "unauthorized" });
      return;
    }
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
}

export function metricsRouter(metrics: Metrics, token: string | undefined): Router {
  return Router().get("/metrics", metricsHandler(metrics, token));
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/** A listener serving only `/metrics` on `port` (0: any free port). */
export async function startMetricsServer(
  metrics: Metrics,
  options: { port: number; host: string; token: string | undefined },
): Promise<MetricsServer> {
  const app = express();
  app.disable("x-powered-by");
  app.use(metricsRouter(metrics, options.token));
  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
