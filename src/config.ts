/**
 * Configuration: the environment parsed once, validated with zod, into a frozen
 * typed Config (DESIGN.md "Configuration"). An invalid value stops start-up with
 * one line naming the variable.
 */
import { defaultLeaseMs } from "./domain/lease-timing.js";
import { UPSTREAM_API_HOSTS, type UpstreamApiName } from "./domain/upstream-apis.js";
import { CONFIG_VARIABLES, envSchema, type Env } from "./config-env.js";

export { CONFIG_VARIABLES };
export type {
  AtriumUpstreamConfig,
  MetricsConfig,
  HttpConfig,
  UpstreamGuardConfig,
  WsLimitsConfig,
  WebhookConfig,
  AuthConfig,
  SandboxConfig,
  Config,
} from "./config-types.js";
import type { Config, UpstreamGuardConfig, WebhookConfig, WsLimitsConfig } from "./config-types.js";

/** A configuration error: its message is the one line printed before exit code 1. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

/** Parses and cross-checks the environment. Throws ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const e = parseEnv(env);
  const sandboxMode = e.ATRIUM_BASE_URL === undefined;
  const production = e.NODE_ENV === "production";
  checkAtriumAndAuth(e, sandboxMode, production);
  checkUpstreamApi(e.ATRIUM_API, e.ATRIUM_BASE_URL);
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
    webhooks: webhookConfig(e),
    sandboxMode,
    poll: pollConfig(e, sandboxMode),
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
    upstream: upstreamGuardConfig(e),
    mfa: { lockLeaseMs: e.MFA_LOCK_LEASE_MS, inDoubtMs: e.MFA_IN_DOUBT_MS },
    ws: wsLimitsConfig(e),
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

function parseEnv(env: NodeJS.ProcessEnv): Env {
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
  return parsed.data;
}

/** Real Atrium needs its credentials and a way to verify clients; production needs both. */
function checkAtriumAndAuth(e: Env, sandboxMode: boolean, production: boolean): void {
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
}

function webhookConfig(e: Env): WebhookConfig {
  if (e.MX_WEBHOOK_PATH === "/graphql" || e.MX_WEBHOOK_PATH.startsWith("/graphql/")) {
    throw new ConfigError("Invalid configuration: MX_WEBHOOK_PATH must not be under /graphql");
  }
  return {
    path: e.MX_WEBHOOK_PATH,
    credentials: webhookCredentialsFrom(e.ATRIUM_API, e.MX_WEBHOOK_USERNAME, e.MX_WEBHOOK_PASSWORD),
  };
}

function pollConfig(e: Env, sandboxMode: boolean): Config["poll"] {
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
  return { intervalMs, idleIntervalMs: e.POLL_IDLE_INTERVAL_MS, leaseMs };
}

function upstreamGuardConfig(e: Env): UpstreamGuardConfig {
  return {
    deadlineMs: e.UPSTREAM_DEADLINE_MS,
    retryBudget: e.UPSTREAM_RETRY_BUDGET,
    retryMinPerSecond: e.UPSTREAM_RETRY_MIN_PER_SECOND,
    breakerFailures: e.UPSTREAM_BREAKER_FAILURES,
    breakerCooldownMs: e.UPSTREAM_BREAKER_COOLDOWN_MS,
    notFoundTtlMs: e.UPSTREAM_NOT_FOUND_TTL_MS,
    userConcurrency: e.USER_UPSTREAM_CONCURRENCY,
    userRatePerSecond: e.USER_UPSTREAM_RATE,
    userBurst: e.USER_UPSTREAM_BURST,
  };
}

function wsLimitsConfig(e: Env): WsLimitsConfig {
  return {
    maxConnections: e.WS_MAX_CONNECTIONS,
    maxConnectionsPerUser: e.WS_MAX_CONNECTIONS_PER_USER,
    maxSubscriptions: e.WS_MAX_SUBSCRIPTIONS,
    maxSubscriptionsPerUser: e.WS_MAX_SUBSCRIPTIONS_PER_USER,
    maxSubscriptionsPerSocket: e.WS_MAX_SUBSCRIPTIONS_PER_SOCKET,
    maxBufferedBytes: e.WS_MAX_BUFFERED_BYTES,
    keepAliveMs: e.WS_KEEPALIVE_MS,
  };
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
