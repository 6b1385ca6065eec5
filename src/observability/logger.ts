/**
 * Structured JSON logs (pino). Redaction is by path, so secrets are removed even
 * when a careless call logs a whole headers object or config.
 */
import { pino, type Logger } from "pino";

export type { Logger } from "pino";

/** Paths pino censors wherever they appear (one or two levels deep). */
export const REDACT_PATHS = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
  "*.headers.authorization",
  "token",
  "*.token",
  "apiKey",
  "*.apiKey",
  "clientId",
  "*.clientId",
  "jwtSecret",
  "*.jwtSecret",
  '"mx-api-key"',
  '*["mx-api-key"]',
  '"mx-client-id"',
  '*["mx-client-id"]',
  "accountNumber",
  "*.accountNumber",
  "account_number",
  "*.account_number",
  "routingNumber",
  "*.routingNumber",
  "connectionParams",
  "*.connectionParams",
];

export interface LoggerOptions {
  level?: string;
  /** Where lines go; tests pass a stream that captures them. Default: stdout. */
  destination?: pino.DestinationStream;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? "info",
      base: { service: "atrium-graphql" },
      redact: { paths: REDACT_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Errors are logged as type and message: stack traces never reach a log line.
      serializers: { err: serializeError, error: serializeError },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

function serializeError(value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { type: value.name, message: value.message, ...(typeof code === "string" ? { code } : {}) };
  }
  return value;
}

/**
 * The part of a logger that components below the server use (the poller,
 * scale-out): they log, they never configure logging.
 */
export type LogSink = Pick<Logger, "debug" | "info" | "warn" | "error">;

export const silentLog: LogSink = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
