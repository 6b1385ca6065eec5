/**
 * The environment this server reads, as one zod schema: each variable's type,
 * range and default, written once (the README's configuration table lists the
 * same names; a test keeps them in step).
 */
import { z } from "zod";
import { UPSTREAM_API_NAMES } from "./domain/upstream-apis.js";

const positiveInt = z.coerce.number().int().positive();
const nonNegativeInt = z.coerce.number().int().min(0);
const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional();
const booleanString = z
  .enum(["true", "false", "1", "0"])
  .transform((value) => value === "true" || value === "1");

export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: nonNegativeInt.max(65535).default(4000),
  HOST: z.string().default("0.0.0.0"),
  ATRIUM_API: z.enum(UPSTREAM_API_NAMES).default("atrium"),
  ATRIUM_BASE_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ATRIUM_API_KEY: optionalString,
  ATRIUM_CLIENT_ID: optionalString,
  ATRIUM_TIMEOUT_MS: positiveInt.default(10_000),
  ATRIUM_MAX_RETRIES: nonNegativeInt.max(10).default(3),
  MX_WEBHOOK_PATH: z
    .string()
    .regex(/^\/[A-Za-z0-9._~/-]*$/, "must be a path like /webhooks/mx")
    .default("/webhooks/mx"),
  MX_WEBHOOK_USERNAME: optionalString,
  MX_WEBHOOK_PASSWORD: optionalString,
  POLL_INTERVAL_MS: positiveInt.optional(),
  POLL_IDLE_INTERVAL_MS: positiveInt.default(30_000),
  AUTH_JWT_SECRET: optionalString,
  AUTH_JWKS_URL: optionalString.pipe(z.url({ protocol: /^https?$/ }).optional()),
  AUTH_JWT_ISSUER: optionalString,
  AUTH_JWT_AUDIENCE: optionalString,
  AUTH_USER_CLAIM: z.string().min(1).default("sub"),
  REDIS_URL: optionalString.pipe(z.url({ protocol: /^rediss?$/ }).optional()),
  REDIS_KEY_PREFIX: z.string().min(1).max(100).default("atrium-graphql:"),
  POLL_LEASE_MS: positiveInt.optional(),
  MAX_QUERY_DEPTH: positiveInt.default(10),
  MAX_QUERY_COST: positiveInt.default(250),
  MAX_BODY_BYTES: positiveInt.default(1_000_000),
  ATRIUM_MAX_BODY_BYTES: positiveInt.default(8_000_000),
  METRICS_PORT: nonNegativeInt.max(65535).optional(),
  METRICS_TOKEN: optionalString.pipe(z.string().min(16).optional()),
  METRICS_MAX_OPERATION_NAMES: positiveInt.max(10_000).default(100),
  HTTP_HEADERS_TIMEOUT_MS: positiveInt.default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  SHUTDOWN_GRACE_MS: positiveInt.default(10_000),
  WS_MAX_CONNECTIONS: positiveInt.default(10_000),
  WS_MAX_CONNECTIONS_PER_USER: positiveInt.default(25),
  WS_MAX_SUBSCRIPTIONS: positiveInt.default(50_000),
  WS_MAX_SUBSCRIPTIONS_PER_USER: positiveInt.default(500),
  WS_MAX_SUBSCRIPTIONS_PER_SOCKET: positiveInt.default(100),
  WS_MAX_BUFFERED_BYTES: positiveInt.default(4_000_000),
  WS_KEEPALIVE_MS: positiveInt.default(12_000),
  UPSTREAM_DEADLINE_MS: positiveInt.default(15_000),
  UPSTREAM_RETRY_BUDGET: z.coerce.number().min(0).max(1).default(0.2),
  UPSTREAM_RETRY_MIN_PER_SECOND: nonNegativeInt.default(10),
  UPSTREAM_BREAKER_FAILURES: positiveInt.default(5),
  UPSTREAM_BREAKER_COOLDOWN_MS: positiveInt.default(5_000),
  UPSTREAM_NOT_FOUND_TTL_MS: nonNegativeInt.default(5_000),
  USER_UPSTREAM_CONCURRENCY: positiveInt.default(64),
  USER_UPSTREAM_RATE: positiveInt.default(100),
  USER_UPSTREAM_BURST: positiveInt.default(500),
  MFA_LOCK_LEASE_MS: positiveInt.min(100).default(6_000),
  MFA_IN_DOUBT_MS: positiveInt.default(30_000),
  CORS_ORIGINS: optionalString,
  WEB_APP: z.enum(["on", "off"]).optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SANDBOX_PORT: nonNegativeInt.max(65535).default(4010),
  SANDBOX_LATENCY_MS: nonNegativeInt.default(0),
  SANDBOX_FAULT_RATE: z.coerce.number().min(0).max(1).default(0),
  SANDBOX_SPEED: z.coerce.number().positive().default(1),
  SANDBOX_IDENTIFICATION_ENABLED: booleanString.default(true),
});

/** Every environment variable the server reads (the README's configuration table lists them all). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type Env = z.infer<typeof envSchema>;
