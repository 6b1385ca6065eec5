/**
 * The two Redis connections of one instance: `command` (publish, leases, locks,
 * reads) and `subscriber` (pub/sub only: a subscribed connection can run nothing
 * else). Both fail fast while Redis is away instead of queueing, so nothing
 * waits on a Redis that is not there, and both reconnect on their own.
 */
import { Redis, type RedisOptions } from "ioredis";
import type { LogSink } from "../observability/logger.js";

export interface RedisConnectionsOptions {
  url: string;
  /** Shown in `CLIENT LIST` (e.g. the instance id), to tell instances apart. */
  name: string;
  logger: LogSink;
  /** A command not answered within this fails (default 2000 ms), so no poll loop hangs on Redis. */
  commandTimeoutMs?: number;
  /** First connection attempt at start (default 5000 ms); after it, reconnection goes on in the background. */
  connectTimeoutMs?: number;
}

type Role = "command" | "subscriber";

/** Reconnect soon, then every 2 s at most: Redis outages are usually short restarts. */
const retryStrategy = (attempt: number): number => Math.min(100 * 2 ** Math.min(attempt, 5), 2000);

export class RedisConnections {
  readonly command: Redis;
  readonly subscriber: Redis;
  private readonly logger: LogSink;
  private readonly down = new Set<Role>();
  /** Roles that were connected once: before that a failure is "not reachable at start", not "lost". */
  private readonly connectedOnce = new Set<Role>();
  /** Roles whose current failure was already logged at warn; further errors go to debug. */
  private readonly errorReported = new Set<Role>();
  private closing = false;
  private readonly lostListeners = new Set<() => void>();

  constructor(options: RedisConnectionsOptions) {
    this.logger = options.logger;
    const common: RedisOptions = {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      commandTimeout: options.commandTimeoutMs ?? 2000,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      retryStrategy,
    };
    this.command = this.watch(
      "command",
      new Redis(options.url, { ...common, connectionName: `${options.name}:cmd` }),
    );
    // The bus resubscribes its channels itself on every `ready` (see RedisChannels).
    this.subscriber = this.watch(
      "subscriber",
      new Redis(options.url, { ...common, connectionName: `${options.name}:sub`, autoResubscribe: false }),
    );
  }

  /**
   * First connection of both. Never rejects: if Redis is not there yet the
   * instance starts degraded (`/readyz` says so, subscriptions are refused) and
   * keeps trying in the background.
   */
  async connect(): Promise<void> {
    const results = await Promise.allSettled([this.command.connect(), this.subscriber.connect()]);
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    const roles: Role[] = ["command", "subscriber"];
    // So that the first successful connection later is logged as "restored".
    results.forEach((r, i) => r.status === "rejected" && this.down.add(roles[i]!));
    if (failed) {
      this.logger.error(
        { err: failed.reason as unknown },
        "redis: not reachable at start; live status is unavailable until it is (retrying in the background)",
      );
    }
  }

  /** Called when a connection that was up is lost (once per outage and connection). */
  onLost(listener: () => void): () => void {
    this.lostListeners.add(listener);
    return () => this.lostListeners.delete(listener);
  }

  /** Both connections are up. */
  isReady(): boolean {
    return this.command.status === "ready" && this.subscriber.status === "ready";
  }

  /** For `/readyz`: both up and Redis answers. */
  async ping(): Promise<boolean> {
    if (!this.isReady()) return false;
    return (await this.command.ping()) === "PONG";
  }

  /** Closes both politely (QUIT), or at once if Redis does not answer. No reconnection after this. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([quit(this.command), quit(this.subscriber)]);
  }

  /** Logs an outage once (not once per reconnection attempt) and its end. */
  private watch(role: Role, redis: Redis): Redis {
    redis.on("error", (error: Error) => {
      // ioredis emits one per failed attempt; the first of an outage is enough at warn.
      if (this.errorReported.has(role)) {
        this.logger.debug({ err: error, connection: role }, "redis: connection error");
        return;
      }
      this.errorReported.add(role);
      this.logger.warn({ err: error, connection: role }, "redis: connection error");
    });
    redis.on("close", () => {
      if (this.closing || this.down.has(role) || !this.connectedOnce.has(role)) return;
      this.down.add(role);
      for (const listener of this.lostListeners) listener();
      this.logger.error(
        { connection: role },
        "redis: connection lost; new memberStatus subscriptions fail with UPSTREAM_UNAVAILABLE and polling pauses until it is back",
      );
    });
    redis.on("ready", () => {
      this.connectedOnce.add(role);
      this.errorReported.delete(role);
      if (!this.down.delete(role)) return;
      this.logger.info({ connection: role }, "redis: connection restored");
    });
    return redis;
  }
}

async function quit(redis: Redis): Promise<void> {
  if (redis.status === "end") return;
  if (redis.status !== "ready") {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
