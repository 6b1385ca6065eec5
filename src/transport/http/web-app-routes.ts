/**
 * The browser side, built by Vite into dist/web: the live identify app at `/`, the offline
 * explorer (GraphiQL) at `/graphiql`, their assets, and `/web-config.json`, which tells the page
 * the example operation and, in sandbox mode only, the demo user's token. HTML gets a strict
 * Content-Security-Policy and helmet's other security headers.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import express, { Router, type RequestHandler } from "express";
import helmet from "helmet";
import { GRAPHIQL_PATH } from "./explorer-fallback.js";

export interface WebAppOptions {
  /** Serve the app at `/` (WEB_APP; off in production unless configured). */
  app: boolean;
  /** Serve GraphiQL (outside production, like Apollo Sandbox). */
  explorer: boolean;
  /** Handed to the page only when set; the server sets it only in sandbox mode. */
  demoToken: string | undefined;
  exampleOperation: string;
  graphqlPath: string;
  /** The built files (default dist/web beside the compiled server). */
  root?: string;
}

const DEFAULT_ROOT = fileURLToPath(new URL("../../../web/", import.meta.url));

/** `'self'` also covers same-origin ws:/wss: in CSP Level 3 browsers, which graphql-ws uses. */
function securityHeaders(extra: { styleSrc: string[] }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'", ...extra.styleSrc],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
      },
    },
    // The token is never in a URL the server sees, and no page needs another origin's referrer.
    referrerPolicy: { policy: "no-referrer" },
  });
}

export function webAppRoutes(options: WebAppOptions): Router {
  const router = Router();
  const root = options.root ?? DEFAULT_ROOT;
  if ((!options.app && !options.explorer) || !existsSync(root)) return router;
  const strict = securityHeaders({ styleSrc: [] });
  // Monaco (GraphiQL's editor) adds <style> elements at run time.
  const explorer = securityHeaders({ styleSrc: ["'unsafe-inline'"] });
  const html =
    (file: string): RequestHandler =>
    (_req, res) => {
      res.setHeader("Cache-Control", "no-cache");
      res.sendFile(file, { root });
    };

  router.get("/web-config.json", strict, (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({
      demoToken: options.demoToken ?? null,
      exampleOperation: options.exampleOperation,
      graphqlPath: options.graphqlPath,
    });
  });
  router.use(
    "/assets",
    strict,
    express.static(`${root}/assets`, { immutable: true, maxAge: "1y", index: false }),
  );
  if (options.app) router.get("/", strict, html("index.html"));
  if (options.explorer) router.get(GRAPHIQL_PATH, explorer, html("graphiql.html"));
  return router;
}
