/**
 * Process entry: configuration, start, banner, signals. With no configuration
 * it serves the API on the embedded Atrium sandbox.
 */
import { ConfigError, loadConfig, type Config } from "./config.js";
import { createLogger, type Logger } from "./observability/logger.js";
import { startServer, type RunningServer } from "./server.js";
import type { Sandbox } from "./sandbox/sandbox.js";
import { EXAMPLE_OPERATION } from "./transport/http/landing-page.js";
import { GRAPHIQL_PATH } from "./transport/http/explorer-fallback.js";
import { DEMO_MEMBER_PLANS, type DemoMemberName } from "./sandbox/seed.js";

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  const server = await startServer({ config, logger });
  if (server.sandbox && server.demoToken) {
    process.stdout.write(`${banner(config, server, server.sandbox, server.demoToken).join("\n")}\n`);
  }
  logger.info(
    { url: server.url, sandbox: Boolean(server.sandbox), production: config.production },
    "server started",
  );
  stopOnSignals(config, server, logger);
}

/** What a newcomer needs after `npm start`: the URLs, the demo token and members, and a curl that works. */
function banner(config: Config, server: RunningServer, sandbox: Sandbox, demoToken: string): string[] {
  return [
    "",
    `atrium-graphql is running on the embedded Atrium sandbox (${sandbox.url})` +
      (config.atrium.api === "platform" ? ", speaking the MX Platform API." : "."),
    `  GraphQL (HTTP and WebSocket): ${server.url}`,
    `  Apollo Sandbox:               open ${server.url} in a browser (the demo token is pre-filled)`,
    `  GraphiQL (works offline):     ${new URL(GRAPHIQL_PATH, server.url).href} (Apollo Sandbox falls back to it without a CDN)`,
    ...(config.webApp
      ? [`  Identify web app:             ${new URL("/", server.url).href} (signed in as the demo user)`]
      : []),
    ...(config.webhooks.credentials
      ? [
          `  MX webhooks:                  POST ${new URL(config.webhooks.path, server.url).href} (the sandbox sends them on member changes)`,
        ]
      : []),
    `  Demo user:                    ${sandbox.demo.userGuid}`,
    `  Demo bearer token:            ${demoToken}`,
    "  Demo members (name, guid, what its MX Bank scenario does and expects):",
    ...Object.entries(sandbox.demo.members).map(
      ([name, guid]) =>
        `    ${name.padEnd(18)} ${guid}  ${DEMO_MEMBER_PLANS[name as DemoMemberName].scenario}`,
    ),
    "",
    "Example:",
    `  curl -s ${server.url} -H 'content-type: application/json' \\`,
    `    -H 'authorization: Bearer ${demoToken}' \\`,
    `    -d '${JSON.stringify({ query: EXAMPLE_OPERATION.replace(/\s+/g, " ").trim() })}'`,
    "",
  ];
}

/** SIGTERM/SIGINT: one orderly close, exit 0; a stuck close exits 1 after the grace. */
function stopOnSignals(config: Config, server: RunningServer, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => {
      logger.error("shutdown took too long; exiting");
      process.exit(1);
      // Past SHUTDOWN_GRACE_MS in-flight operations are answered with errors; this only catches a stuck close.
    }, config.http.shutdownGraceMs + 5000);
    force.unref();
    server.close().then(
      () => {
        logger.info("stopped");
        process.exit(0);
      },
      (error: unknown) => {
        logger.error(
          { err: { message: error instanceof Error ? error.message : String(error) } },
          "shutdown failed",
        );
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `atrium-graphql failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
