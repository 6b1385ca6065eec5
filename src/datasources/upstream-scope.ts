/**
 * The operation an upstream request belongs to, carried by AsyncLocalStorage so
 * that the client can enforce per-operation rules without every API method
 * passing them along: the operation's overall deadline (Apollo Router's
 * `timeout` on the whole request, not per attempt) and the user whose budget it
 * spends. Requests outside any operation (the status poller) get a deadline per
 * request and no user.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface UpstreamScope {
  /** `Date.now()` past which no attempt starts and a running one is cut. */
  deadlineAt: number;
  /** The viewer whose per-user upstream budget the operation spends. */
  userGuid?: string;
}

const storage = new AsyncLocalStorage<UpstreamScope>();

/** Runs `fn` (and everything it starts) inside `scope`. */
export function runInUpstreamScope<T>(scope: UpstreamScope, fn: () => T): T {
  return storage.run(scope, fn);
}

export function currentUpstreamScope(): UpstreamScope | undefined {
  return storage.getStore();
}
