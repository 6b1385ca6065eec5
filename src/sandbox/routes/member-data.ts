// Data endpoints: accounts, transactions, account numbers (member and account level), account owners.
// They show only what a successful job revealed (store.ts `DataVisibility`); all are paged.
import { HttpError, jsonReply, type Reply } from "../http-io.js";
import { pagedBody } from "../paging.js";
import type { WireTransaction } from "../wire-types.js";
import { param, requireMember, requireUser, type RequestContext } from "./context.js";

/** `GET …/accounts`. */
export function listAccounts(ctx: RequestContext): Reply {
  const record = requireMember(ctx);
  return jsonReply(pagedBody("accounts", ctx.state.store.visibleAccounts(record), ctx.query));
}

function dateFilter(query: URLSearchParams, name: string): string | undefined {
  const raw = query.get(name);
  if (raw === null || raw === "") return undefined;
  // ISO 8601 date (`2024-01-31`); a full timestamp is cut to its date.
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw) || Number.isNaN(Date.parse(raw.slice(0, 10)))) {
    throw new HttpError(400, `${name} must be an ISO 8601 date (YYYY-MM-DD)`);
  }
  return raw.slice(0, 10);
}

/**
 * `GET …/transactions`, newest first. `from_date`/`to_date` filter on `date`, inclusive. Sandbox
 * decision: without them every transaction is listed (Atrium defaults to the last 90 days, evidence
 * §3.8; the sandbox skips that so seeded data never ages out of view).
 */
export function listTransactions(ctx: RequestContext): Reply {
  const record = requireMember(ctx);
  const from = dateFilter(ctx.query, "from_date");
  const to = dateFilter(ctx.query, "to_date");
  const inRange = (t: WireTransaction): boolean =>
    (from === undefined || t.date >= from) && (to === undefined || t.date <= to);
  const transactions = ctx.state.store.visibleTransactions(record).filter(inRange);
  return jsonReply(pagedBody("transactions", transactions, ctx.query));
}

/** `GET …/members/{m}/account_numbers` (with pagination; ATRIUM.md allows either). */
export function listMemberAccountNumbers(ctx: RequestContext): Reply {
  const record = requireMember(ctx);
  return jsonReply(pagedBody("account_numbers", ctx.state.store.visibleAccountNumbers(record), ctx.query));
}

/** `GET /users/{u}/accounts/{a}/account_numbers`: 404 unless the account is a visible account of the user. */
export function listAccountAccountNumbers(ctx: RequestContext): Reply {
  const user = requireUser(ctx);
  const accountGuid = param(ctx, "account_guid");
  const store = ctx.state.store;
  const owner = store
    .membersOfUser(user.guid)
    .find((record) => store.visibleAccounts(record).some((account) => account.guid === accountGuid));
  if (owner === undefined) throw new HttpError(404, "account not found");
  const numbers = store.visibleAccountNumbers(owner).filter((n) => n.account_guid === accountGuid);
  return jsonReply(pagedBody("account_numbers", numbers, ctx.query));
}

/** `GET …/account_owners`: empty until a successful identify. */
export function listAccountOwners(ctx: RequestContext): Reply {
  const record = requireMember(ctx);
  return jsonReply(pagedBody("account_owners", ctx.state.store.visibleOwners(record), ctx.query));
}
