// What an API handler receives, and the lookups every member route starts with.
import { HttpError, type Reply } from "../http-io.js";
import type { RouteParams } from "../router.js";
import type { SandboxState } from "../state.js";
import type { MemberRecord } from "../store.js";
import type { WireUser } from "../wire-types.js";

/** One request as a handler sees it. */
export interface RequestContext {
  state: SandboxState;
  params: RouteParams;
  query: URLSearchParams;
  /** Reads and parses the JSON body: undefined when empty; HttpError 400 / 413 when unusable. */
  readJson(): Promise<unknown>;
}

/** An API handler: returns a Reply or throws HttpError. */
export type RouteHandler = (ctx: RequestContext) => Reply | Promise<Reply>;

/** A route parameter that the template guarantees. */
export function param(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no :${name}`);
  return value;
}

/** The user of `:user_guid`, or 404. */
export function requireUser(ctx: RequestContext): WireUser {
  const user = ctx.state.store.findUser(param(ctx, "user_guid"));
  if (user === undefined) throw new HttpError(404, "user not found");
  return user;
}

/**
 * The member of `:member_guid` under `:user_guid`, or 404. A member of another user is answered
 * exactly like a missing one (ATRIUM.md: 404 for unknown guids).
 */
export function requireMember(ctx: RequestContext): MemberRecord {
  const user = requireUser(ctx);
  const record = ctx.state.store.findMember(param(ctx, "member_guid"));
  if (record === undefined || record.member.user_guid !== user.guid)
    throw new HttpError(404, "member not found");
  return record;
}
