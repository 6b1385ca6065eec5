/**
 * Counts of open graphql-ws sockets and operations per user and per process,
 * the shape of Apollo Router's `max_opened_subscriptions` taken per socket, per
 * user and per process: a client past a limit is refused with a typed error (or
 * close code) instead of growing the heap until the process dies.
 */
import { GraphQLError } from "graphql";

export interface WsLimits {
  maxConnectionsPerUser: number;
  maxSubscriptions: number;
  maxSubscriptionsPerUser: number;
  maxSubscriptionsPerSocket: number;
}

export type OperationLimit = "socket" | "user" | "process";

export const SUBSCRIPTION_LIMIT_CODE = "SUBSCRIPTION_LIMIT_EXCEEDED";

/** Close code for a user already holding WS_MAX_CONNECTIONS_PER_USER sockets. */
export const TOO_MANY_CONNECTIONS_CLOSE = 4429;

const LIMIT_VARIABLES: Record<OperationLimit, string> = {
  socket: "WS_MAX_SUBSCRIPTIONS_PER_SOCKET",
  user: "WS_MAX_SUBSCRIPTIONS_PER_USER",
  process: "WS_MAX_SUBSCRIPTIONS",
};

export function subscriptionLimitError(limit: OperationLimit, max: number): GraphQLError {
  const scope = limit === "process" ? "this server" : `this ${limit}`;
  return new GraphQLError(`Too many open operations for ${scope} (at most ${max}).`, {
    extensions: { code: SUBSCRIPTION_LIMIT_CODE, limit: LIMIT_VARIABLES[limit], max },
  });
}

export class WsLimitCounters {
  private readonly socketsByUser = new Map<string, number>();
  private readonly operationsByUser = new Map<string, number>();
  private operations = 0;

  constructor(readonly limits: WsLimits) {}

  /** Counts one more socket for the user, unless that would pass the per-user limit. */
  admitSocket(userGuid: string): boolean {
    const open = this.socketsByUser.get(userGuid) ?? 0;
    if (open >= this.limits.maxConnectionsPerUser) return false;
    this.socketsByUser.set(userGuid, open + 1);
    return true;
  }

  releaseSocket(userGuid: string): void {
    decrement(this.socketsByUser, userGuid);
  }

  /**
   * Counts one more operation, or names the limit it would pass. `onSocket` is
   * how many the socket already has open (graphql-ws's own record).
   */
  admitOperation(userGuid: string, onSocket: number): OperationLimit | undefined {
    if (onSocket >= this.limits.maxSubscriptionsPerSocket) return "socket";
    const ofUser = this.operationsByUser.get(userGuid) ?? 0;
    if (ofUser >= this.limits.maxSubscriptionsPerUser) return "user";
    if (this.operations >= this.limits.maxSubscriptions) return "process";
    this.operationsByUser.set(userGuid, ofUser + 1);
    this.operations++;
    return undefined;
  }

  releaseOperation(userGuid: string): void {
    if (decrement(this.operationsByUser, userGuid)) this.operations--;
  }

  maxFor(limit: OperationLimit): number {
    if (limit === "socket") return this.limits.maxSubscriptionsPerSocket;
    return limit === "user" ? this.limits.maxSubscriptionsPerUser : this.limits.maxSubscriptions;
  }

  get openOperations(): number {
    return this.operations;
  }
}

function decrement(map: Map<string, number>, key: string): boolean {
  const value = map.get(key);
  if (value === undefined) return false;
  if (value <= 1) map.delete(key);
  else map.set(key, value - 1);
  return true;
}
