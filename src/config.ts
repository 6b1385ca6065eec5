/**
 * Configuration: the environment parsed once, validated with zod, into a frozen
 * typed Config (DESIGN.md "Configuration"). An invalid value stops start-up with
 * one line naming the variable.
 */
import { z } from "zod";
import { defaultLeaseMs } from "./domain/lease-timing.js";
import { UPSTREAM_API_HOSTS, UPSTREAM_API_NAMES, type UpstreamApiName } from "./domain/upstream-apis.js";

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

const envSchema = z.object({
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

export interface AtriumUpstreamConfig {
  /** Which MX API the server speaks (ATRIUM_API): Atrium or the Platform API v20111101. */
  api: UpstreamApiName;
  /** Unset: start the embedded sandbox and point the data source at it. */
  baseUrl: string | undefined;
  apiKey: string | undefined;
  clientId: string | undefined;
  timeoutMs: number;
  maxRetries: number;
  /** Largest upstream answer read; a longer one is refused (UPSTREAM_UNAVAILABLE). */
  maxBodyBytes: number;
}

/** Where `/metrics` is served: on the API port unless `port` is set; behind a bearer token when set. */
export interface MetricsConfig {
  port: number | undefined;
  token: string | undefined;
  /** Distinct operation names kept as labels; others share the `__other__` series. */
  maxOperationNames: number;
}

/** HTTP server timeouts (slow clients) and the shutdown grace. */
export interface HttpConfig {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  shutdownGraceMs: number;
}

export interface UpstreamGuardConfig {
  deadlineMs: number;
  retryBudget: number;
  retryMinPerSecond: number;
  breakerFailures: number;
  breakerCooldownMs: number;
  notFoundTtlMs: number;
  userConcurrency: number;
  userRatePerSecond: number;
  userBurst: number;
}

/** graphql-ws limits: sockets and operations per socket, per user and per process; outbound buffer. */
export interface WsLimitsConfig {
  maxConnections: number;
  maxConnectionsPerUser: number;
  maxSubscriptions: number;
  maxSubscriptionsPerUser: number;
  maxSubscriptionsPerSocket: number;
  maxBufferedBytes: number;
  keepAliveMs: number;
}

/** MX webhooks (Platform only): on when both credentials are set. */
export interface WebhookConfig {
  path: string;
  /** The HTTP Basic credentials given to MX on its client dashboard. */
  credentials: { username: string; password: string } | undefined;
}

export interface AuthConfig {
  /** HS256 secret. In sandbox mode without one, the server makes a random one at start. */
  jwtSecret: string | undefined;
  jwksUrl: string | undefined;
  issuer: string | undefined;
  audience: string | undefined;
  userClaim: string;
}

export interface SandboxConfig {
  port: number;
  latencyMs: number;
  faultRate: number;
  speed: number;
  identificationEnabled: boolean;
}

export interface Config {
  nodeEnv: "development" | "production" | "test";
  production: boolean;
  port: number;
  host: string;
  atrium: AtriumUpstreamConfig;
  webhooks: WebhookConfig;
  /** True when the embedded sandbox serves as upstream (no ATRIUM_BASE_URL). */
  sandboxMode: boolean;
  /** `leaseMs`: how long a poll lease lasts without renewal (Redis scale-out only). */
  poll: { intervalMs: number; idleIntervalMs: number; leaseMs: number };
  auth: AuthConfig;
  redisUrl: string | undefined;
  /** Prefix of every Redis key and channel, so deployments can share a Redis. */
  redisKeyPrefix: string;
  limits: { maxDepth: number; maxCost: number; maxBodyBytes: number };
  metrics: MetricsConfig;
  http: HttpConfig;
  ws: WsLimitsConfig;
  /** Serve the web app at `/` (default: outside production only). */
  webApp: boolean;
  /** Upstream resilience: overall deadline, retry budget, breakers, 404 caching, per-user budget. */
  upstream: UpstreamGuardConfig;
  /** answerMfa: the lock's lease (renewed while held) and how long an answer in doubt blocks another. */
  mfa: { lockLeaseMs: number; inDoubtMs: number };
  /** Browser origins allowed by CORS; `true` = any (development default), `[]` = none. */
  corsOrigins: string[] | true;
  logLevel: string;
  sandbox: SandboxConfig;
}

/** A configuration error: its message is the one line printed before exit code 1. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses and cross-checks the environment. Throws ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  // An empty variable counts as unset, as shells and compose files often leave them.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join(".") || "environment";
    // The value itself is never printed: it may be a secret.
    throw new ConfigError(`Invalid configuration: ${variable}: ${issue?.message ?? "invalid value"}`);
  }
  const e = parsed.data;
  const sandboxMode = e.ATRIUM_BASE_URL === undefined;
  if (!sandboxMode && (!e.ATRIUM_API_KEY || !e.ATRIUM_CLIENT_ID)) {
    const missing = !e.ATRIUM_API_KEY ? "ATRIUM_API_KEY" : "ATRIUM_CLIENT_ID";
    throw new ConfigError(`Invalid configuration: ${missing} is required when ATRIUM_BASE_URL is set`);
  }
  if (e.AUTH_JWT_SECRET && e.AUTH_JWKS_URL) {
    throw new ConfigError("Invalid configuration: AUTH_JWT_SECRET and AUTH_JWKS_URL are mutually exclusive");
  }
  if (e.AUTH_JWT_SECRET !== undefined && e.AUTH_JWT_SECRET.length < 32) {
    throw new ConfigError("Invalid configuration: AUTH_JWT_SECRET must be at least 32 characters");
  }
  const production = e.NODE_ENV === "production";
  if (production && !e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL) {
    throw new ConfigError(
      "Invalid configuration: AUTH_JWT_SECRET or AUTH_JWKS_URL is required in production",
    );
  }
  if (production && sandboxMode) {
    throw new ConfigError("Invalid configuration: ATRIUM_BASE_URL is required in production");
  }
  if (!sandboxMode && !e.AUTH_JWT_SECRET && !e.AUTH_JWKS_URL) {
    throw new ConfigError(
      "Invalid configuration: AUTH_JWT_SECRET or AUTH_JWKS_URL is required with ATRIUM_BASE_URL",
    );
  }
  checkUpstreamApi(e.ATRIUM_API, e.ATRIUM_BASE_URL);
  const webhookCredentials = webhookCredentialsFrom(
    e.ATRIUM_API,
    e.MX_WEBHOOK_USERNAME,
    e.MX_WEBHOOK_PASSWORD,
  );
  if (e.MX_WEBHOOK_PATH === "/graphql" || e.MX_WEBHOOK_PATH.startsWith("/graphql/")) {
    throw new ConfigError("Invalid configuration: MX_WEBHOOK_PATH must not be under /graphql");
  }
  // MX asks for no faster than 3 s against real Atrium; the embedded sandbox allows 1 s.
  const intervalMs = e.POLL_INTERVAL_MS ?? (sandboxMode ? 1000 : 3000);
  if (e.POLL_IDLE_INTERVAL_MS < intervalMs) {
    throw new ConfigError("Invalid configuration: POLL_IDLE_INTERVAL_MS must be >= POLL_INTERVAL_MS");
  }
  const leaseMs = e.POLL_LEASE_MS ?? defaultLeaseMs(intervalMs);
  if (leaseMs < 2 * intervalMs) {
    // Instances without the lease mark their interest once per interval; a shorter lease would drop them.
    throw new ConfigError("Invalid configuration: POLL_LEASE_MS must be >= 2 × POLL_INTERVAL_MS");
  }
  return Object.freeze({
    nodeEnv: e.NODE_ENV,
    production,
    port: e.PORT,
    host: e.HOST,
    atrium: {
      api: e.ATRIUM_API,
      baseUrl: e.ATRIUM_BASE_URL,
      apiKey: e.ATRIUM_API_KEY,
      clientId: e.ATRIUM_CLIENT_ID,
      timeoutMs: e.ATRIUM_TIMEOUT_MS,
      maxRetries: e.ATRIUM_MAX_RETRIES,
      maxBodyBytes: e.ATRIUM_MAX_BODY_BYTES,
    },
    webhooks: { path: e.MX_WEBHOOK_PATH, credentials: webhookCredentials },
    sandboxMode,
    poll: { intervalMs, idleIntervalMs: e.POLL_IDLE_INTERVAL_MS, leaseMs },
    auth: {
      jwtSecret: e.AUTH_JWT_SECRET,
      jwksUrl: e.AUTH_JWKS_URL,
      issuer: e.AUTH_JWT_ISSUER,
      audience: e.AUTH_JWT_AUDIENCE,
      userClaim: e.AUTH_USER_CLAIM,
    },
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    limits: { maxDepth: e.MAX_QUERY_DEPTH, maxCost: e.MAX_QUERY_COST, maxBodyBytes: e.MAX_BODY_BYTES },
    metrics: {
      port: e.METRICS_PORT,
      token: e.METRICS_TOKEN,
      maxOperationNames: e.METRICS_MAX_OPERATION_NAMES,
    },
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    },
    upstream: {
      deadlineMs: e.UPSTREAM_DEADLINE_MS,
      retryBudget: e.UPSTREAM_RETRY_BUDGET,
      retryMinPerSecond: e.UPSTREAM_RETRY_MIN_PER_SECOND,
      breakerFailures: e.UPSTREAM_BREAKER_FAILURES,
      breakerCooldownMs: e.UPSTREAM_BREAKER_COOLDOWN_MS,
      notFoundTtlMs: e.UPSTREAM_NOT_FOUND_TTL_MS,
      userConcurrency: e.USER_UPSTREAM_CONCURRENCY,
      userRatePerSecond: e.USER_UPSTREAM_RATE,
      userBurst: e.USER_UPSTREAM_BURST,
    },
    mfa: { lockLeaseMs: e.MFA_LOCK_LEASE_MS, inDoubtMs: e.MFA_IN_DOUBT_MS },
    ws: {
      maxConnections: e.WS_MAX_CONNECTIONS,
      maxConnectionsPerUser: e.WS_MAX_CONNECTIONS_PER_USER,
      maxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
      maxSubscriptionsPerUser: e.WS_MAX_SUBSCRIPTIONS_PER_USER,
      maxSubscriptionsPerSocket: e.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
      maxBufferedBytes: e.WS_MAX_BUFFERED_BYTES,
      keepAliveMs: e.WS_KEEPALIVE_MS,
    },
    webApp: e.WEB_APP === undefined ? !production : e.WEB_APP === "on",
    corsOrigins: parseCorsOrigins(e.CORS_ORIGINS, production),
    logLevel: e.LOG_LEVEL,
    sandbox: {
      port: e.SANDBOX_PORT,
      latencyMs: e.SANDBOX_LATENCY_MS,
      faultRate: e.SANDBOX_FAULT_RATE,
      speed: e.SANDBOX_SPEED,
      identificationEnabled: e.SANDBOX_IDENTIFICATION_ENABLED,
    },
  });
}

/** A documented host of the other API is a mistake worth stopping for (a 401 or 406 on every call). */
function checkUpstreamApi(api: UpstreamApiName, baseUrl: string | undefined): void {
  if (baseUrl === undefined) return;
  const origin = new URL(baseUrl).origin;
  const other: UpstreamApiName = api === "atrium" ? "platform" : "atrium";
  if (UPSTREAM_API_HOSTS[other].includes(origin)) {
    throw new ConfigError(
      `Invalid configuration: ATRIUM_BASE_URL ${origin} is a host of the ${other} API; set ATRIUM_API=${other}`,
    );
  }
}

function webhookCredentialsFrom(
  api: UpstreamApiName,
  username: string | undefined,
  password: string | undefined,
): WebhookConfig["credentials"] {
  if (username === undefined && password === undefined) return undefined;
  if (username === undefined || password === undefined) {
    const missing = username === undefined ? "MX_WEBHOOK_USERNAME" : "MX_WEBHOOK_PASSWORD";
    throw new ConfigError(`Invalid configuration: ${missing} is required to receive MX webhooks`);
  }
  if (api !== "platform") {
    throw new ConfigError("Invalid configuration: MX webhooks need ATRIUM_API=platform (Atrium has none)");
  }
  if (password.length < 16) {
    throw new ConfigError("Invalid configuration: MX_WEBHOOK_PASSWORD must be at least 16 characters");
  }
  if (username.includes(":")) {
    throw new ConfigError("Invalid configuration: MX_WEBHOOK_USERNAME must not contain ':'");
  }
  return { username, password };
}

/** `*` allows any origin (tokens travel in headers, never cookies); production defaults to none. */
function parseCorsOrigins(value: string | undefined, production: boolean): string[] | true {
  if (value === undefined) return production ? [] : true;
  if (value === "*") return true;
  const origins = value
    .split(",")
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin)) {
      throw new ConfigError(
        `Invalid configuration: CORS_ORIGINS: "${origin}" is not an origin like https://app.example.com`,
      );
    }
  }
  return origins;
}
