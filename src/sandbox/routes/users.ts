// `POST /users`, `GET /users`, `GET /users/{user_guid}` (ATRIUM.md endpoint table).
import { HttpError, jsonReply, type Reply } from "../http-io.js";
import { randomGuid } from "../ids.js";
import { pagedBody } from "../paging.js";
import type { WireUser } from "../wire-types.js";
import { optionalBoolean, optionalString, requiredObject } from "./body-fields.js";
import { requireUser, type RequestContext } from "./context.js";

/** Creates a user; `identifier` must be unique (409 otherwise, ATRIUM.md 409 "already exists"). */
export async function createUser(ctx: RequestContext): Promise<Reply> {
  const body = requiredObject(await ctx.readJson(), "request body");
  const fields = requiredObject(body.user, "user");
  const identifier = optionalString(fields, "identifier", "user") ?? null;
  const isDisabled = optionalBoolean(fields, "is_disabled", "user") ?? false;
  const metadata = optionalString(fields, "metadata", "user") ?? null;
  const store = ctx.state.store;
  if (identifier !== null && store.findUserByIdentifier(identifier) !== undefined) {
    throw new HttpError(409, "a user with this identifier already exists");
  }
  const user: WireUser = { guid: randomGuid("USR"), identifier, is_disabled: isDisabled, metadata };
  store.addUser(user);
  return jsonReply({ user });
}

/** Lists users, paged. */
export function listUsers(ctx: RequestContext): Reply {
  return jsonReply(pagedBody("users", ctx.state.store.listUsers(), ctx.query));
}

/** Reads one user. */
export function readUser(ctx: RequestContext): Reply {
  return jsonReply({ user: requireUser(ctx) });
}
