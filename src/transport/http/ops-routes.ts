/**
 * Operator endpoints: `/healthz` (the process is alive), `/readyz` (upstream
 * reachable, and Redis when configured), and `/metrics` (Prometheus text) unless
 * it has a port of its own.
 */
import { Router } from "express";
import type { Metrics } from "../../observability/metrics.js";
import type { ReadinessCheck } from "../../observability/readiness.js";
import { metricsHandler } from "./metrics-route.js";

export type { ReadinessCheck };

/** Readiness answers are cached briefly so a probe storm does not become upstream load. */
const READY_CACHE_MS = 2000;

export interface OpsRoutesOptions {
  /** False when `/metrics` is served on its own port. */
  serveMetrics: boolean;
  metricsToken: string | undefined;
}

export function opsRoutes(metrics: Metrics, checks: ReadinessCheck[], options: OpsRoutesOptions): Router {
  const router = Router();
  let cached: { at: number; body: Record<string, unknown>; ok: boolean } | undefined;

  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });

  router.get("/readyz", async (_req, res) => {
    if (!cached || Date.now() - cached.at > READY_CACHE_MS) {
      const results = await Promise.all(
        checks.map(async (c) => [c.name, await c.check().catch(() => false)] as const),
      );
      const ok = results.every(([, up]) => up);
      cached = {
        at: Date.now(),
        ok,
        body: {
          status: ok ? "ok" : "unavailable",
          checks: Object.fromEntries(results.map(([n, up]) => [n, up ? "ok" : "down"])),
        },
      };
    }
    res.status(cached.ok ? 200 : 503).json(cached.body);
  });

  if (options.serveMetrics) router.get("/metrics", metricsHandler(metrics, options.metricsToken));

  return router;
}
