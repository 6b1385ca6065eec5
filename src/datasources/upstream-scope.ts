/**
 * The operation an upstream request belongs to: its overall deadline (Apollo
 * Router's `timeout` on the whole request, not per attempt) and the user whose
 * budget it spends. An operation's data source is made with its scope
 * (`AtriumApi.within`), so every request it sends carries the scope explicitly;
 * requests outside any operation (the status poller) get a deadline per
 * request and no user. Passed by hand rather than through AsyncLocalStorage:
 * its promise hooks cost every promise of every request about 5 % of the CPU.
 */
export interface UpstreamScope {
  /** `Date.now()` past which no attempt starts and a running one is cut. */
  readonly deadlineAt: number;
  /** The viewer whose per-user upstream budget the operation spends. */
  readonly userGuid?: string;
}

/** The scope of an operation starting now. */
export function operationScope(deadlineMs: number, userGuid?: string): UpstreamScope {
  return { deadlineAt: Date.now() + deadlineMs, userGuid };
}
