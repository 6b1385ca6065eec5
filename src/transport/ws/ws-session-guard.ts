/**
 * Who may hold a graphql-ws socket, and for how long (Hasura's shape): the
 * token is verified at connection_init and again at every subscribe, the socket
 * is closed with 4403 when the token expires, and sockets and operations are
 * counted against the per-user and per-process limits (ws-limits.ts).
 */
import { randomUUID } from "node:crypto";
import type { GraphQLError } from "graphql";
import type { WebSocket } from "ws";
import type { TokenVerifier } from "../../auth/token-verifier.js";
import type { Viewer } from "../../auth/viewer.js";
import type { Logger } from "../../observability/logger.js";
import { unauthenticated } from "../../graphql/errors.js";
import {
  TOO_MANY_CONNECTIONS_CLOSE,
  subscriptionLimitError,
  type WsLimitCounters,
  type OperationLimit,
} from "./ws-limits.js";

/** graphql-ws's Forbidden: the same code a bad token gets at connection_init. */
export const TOKEN_EXPIRED_CLOSE = 4403;

/** setTimeout's largest delay; longer-lived tokens are re-armed when it fires. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface SessionState {
  readonly socket: WebSocket;
  viewer?: Viewer;
  token?: string;
  connectionId?: string;
  expiryTimer?: NodeJS.Timeout;
  /** Operation ids counted against the limits and not yet released. */
  counted?: Set<string>;
}

export interface WsSessionGuardDeps {
  verifier: TokenVerifier;
  counters: WsLimitCounters;
  logger: Logger;
  onRefused?: (limit: OperationLimit | "connections-per-user" | "token-expired") => void;
}

export class WsSessionGuard {
  constructor(private readonly deps: WsSessionGuardDeps) {}

  /** connection_init: false refuses the socket (4403, or 4429 already sent for too many sockets). */
  async connect(state: SessionState, token: string | undefined): Promise<boolean> {
    if (!token) return false;
    let viewer: Viewer;
    try {
      viewer = await this.deps.verifier.verify(token);
    } catch (error) {
      this.deps.logger.info(
        { reason: error instanceof Error ? error.message : "invalid" },
        "websocket token refused",
      );
      return false;
    }
    if (!this.deps.counters.admitSocket(viewer.userGuid)) {
      this.deps.onRefused?.("connections-per-user");
      state.socket.close(TOO_MANY_CONNECTIONS_CLOSE, "Too many connections for this user");
      return false;
    }
    state.viewer = viewer;
    state.token = token;
    state.connectionId = randomUUID();
    state.counted = new Set();
    this.armExpiry(state, viewer.expiresAt);
    return true;
  }

  /** subscribe: the token still holds and the limits have room; else the error to answer with. */
  async admit(state: SessionState, id: string, openOnSocket: number): Promise<GraphQLError | undefined> {
    const { viewer, token, counted } = state;
    if (!viewer || !token || !counted) return unauthenticated();
    try {
      await this.deps.verifier.verify(token);
    } catch {
      this.expire(state);
      return unauthenticated();
    }
    // graphql-ws already holds this id among the socket's operations.
    const refused = this.deps.counters.admitOperation(viewer.userGuid, openOnSocket - 1);
    if (refused) {
      this.deps.onRefused?.(refused);
      return subscriptionLimitError(refused, this.deps.counters.maxFor(refused));
    }
    counted.add(id);
    return undefined;
  }

  /** The operation ended (complete, error, or the socket closed). Idempotent. */
  release(state: SessionState, id: string): void {
    if (state.viewer && state.counted?.delete(id)) this.deps.counters.releaseOperation(state.viewer.userGuid);
  }

  disconnect(state: SessionState): void {
    clearTimeout(state.expiryTimer);
    const { viewer, counted } = state;
    if (!viewer || !counted) return;
    for (let i = 0; i < counted.size; i++) this.deps.counters.releaseOperation(viewer.userGuid);
    counted.clear();
    this.deps.counters.releaseSocket(viewer.userGuid);
    state.counted = undefined;
  }

  private armExpiry(state: SessionState, expiresAt: number | undefined): void {
    if (expiresAt === undefined) return;
    const remaining = expiresAt - Date.now();
    state.expiryTimer = setTimeout(
      () => (remaining > MAX_TIMER_MS ? this.armExpiry(state, expiresAt) : this.expire(state)),
      Math.max(0, Math.min(remaining, MAX_TIMER_MS)),
    );
    state.expiryTimer.unref();
  }

  private expire(state: SessionState): void {
    this.deps.onRefused?.("token-expired");
    state.socket.close(TOKEN_EXPIRED_CLOSE, "Token expired");
  }
}
