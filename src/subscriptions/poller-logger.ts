import type { Logger } from "pino";

/** The part of a pino logger the poller uses. */
export type PollerLogger = Pick<Logger, "debug" | "info" | "warn" | "error">;

export const silentLogger: PollerLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
