// The Platform API's route table: Atrium's routes and handlers (one behaviour, one store), with the
// Platform API's request and answer shapes around them (PLATFORM.md "Endpoints"): `id` in request
// bodies, identify without a body, job starts and resume answer 202, challenges paged, and every
// object in its Platform shape (platform-shapes.ts).
import { jsonReply, type Reply } from "../http-io.js";
import { pagedBody } from "../paging.js";
import {
  platformAccountNumber,
  platformChallenge,
  platformMember,
  platformOwner,
  platformStatus,
  platformUser,
} from "../platform-shapes.js";
import type { RouteDefinition } from "../router.js";
import type { SandboxState } from "../state.js";
import type {
  WireAccountNumber,
  WireAccountOwner,
  WireChallenge,
  WireMember,
  WireUser,
} from "../wire-types.js";
import { isJsonObject } from "./body-fields.js";
import { requireMember, type RequestContext, type RouteHandler } from "./context.js";
import { ATRIUM_ROUTES } from "./index.js";

const MEMBER = "/users/:user_guid/members/:member_guid";
/** Job starts and resume: 202 Accepted on the Platform API (openapi/v20111101.yml). */
const ACCEPTED_ROUTES = new Set(
  ["aggregate", "identify", "verify", "extend_history", "resume"].map((op) => `${MEMBER}/${op}`),
);
/** v20111101 documents no request body for these: whatever is sent is not read. */
const BODILESS_ROUTES = new Set([`${MEMBER}/identify`, `${MEMBER}/verify`]);

/** `{"user": {"id"}}` / `{"member": {"id"}}` → Atrium's `identifier`, for the shared handlers. */
function atriumBody(body: unknown): unknown {
  if (!isJsonObject(body)) return body;
  const renamed = { ...body };
  for (const root of ["user", "member"]) {
    const inner = body[root];
    if (isJsonObject(inner) && "id" in inner) {
      const { id, ...rest } = inner;
      renamed[root] = { ...rest, identifier: id };
    }
  }
  return renamed;
}

function platformBody(state: SandboxState, body: unknown): unknown {
  if (!isJsonObject(body)) return body;
  const userId = (m: WireMember): string | null => state.store.findUser(m.user_guid)?.identifier ?? null;
  const out: Record<string, unknown> = { ...body };
  if (isJsonObject(body.user)) out.user = platformUser(body.user as unknown as WireUser);
  if (Array.isArray(body.users)) out.users = (body.users as WireUser[]).map(platformUser);
  if (isJsonObject(body.member)) {
    const member = body.member as unknown as WireMember;
    out.member = platformMember(member, userId(member));
  }
  if (Array.isArray(body.members))
    out.members = (body.members as WireMember[]).map((m) => platformMember(m, userId(m)));
  if (Array.isArray(body.account_owners))
    out.account_owners = (body.account_owners as WireAccountOwner[]).map(platformOwner);
  if (Array.isArray(body.account_numbers))
    out.account_numbers = (body.account_numbers as WireAccountNumber[]).map(platformAccountNumber);
  return out;
}

/** `GET …/challenges`: 204 unless CHALLENGED, else a paged list. */
async function platformChallenges(ctx: RequestContext, atrium: RouteHandler): Promise<Reply> {
  const reply = await atrium(ctx);
  if (reply.status !== 200 || !isJsonObject(reply.body)) return reply;
  const challenges = (reply.body.challenges as WireChallenge[]).map(platformChallenge);
  return jsonReply(pagedBody("challenges", challenges, ctx.query));
}

function platformHandler(template: string, atrium: RouteHandler): RouteHandler {
  if (template === `${MEMBER}/status`) {
    return (ctx) => jsonReply({ member: platformStatus(requireMember(ctx)) });
  }
  if (template === `${MEMBER}/challenges`) return (ctx) => platformChallenges(ctx, atrium);
  return async (ctx) => {
    const readJson = BODILESS_ROUTES.has(template)
      ? () => Promise.resolve(undefined)
      : async () => atriumBody(await ctx.readJson());
    const reply = await atrium({ ...ctx, readJson });
    const status = reply.status === 200 && ACCEPTED_ROUTES.has(template) ? 202 : reply.status;
    return { ...reply, status, body: platformBody(ctx.state, reply.body) };
  };
}

/** Every Platform API route, in Atrium's order. */
export const PLATFORM_ROUTES: ReadonlyArray<RouteDefinition<RouteHandler>> = ATRIUM_ROUTES.map((route) => ({
  ...route,
  handler: platformHandler(route.template, route.handler),
}));
