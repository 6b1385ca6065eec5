/** The typed configuration the rest of the server reads (built by config.ts from the environment). */
import type { UpstreamApiName } from "./domain/upstream-apis.js";

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
