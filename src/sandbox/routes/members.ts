// `POST /users/{u}/members`, `GET /users/{u}/members`, `GET /users/{u}/members/{m}`.
import { HttpError, jsonReply, type Reply } from "../http-io.js";
import { findInstitution, type SandboxInstitution } from "../institutions.js";
import { newMemberRecord, type NewMember } from "../member-factory.js";
import { pagedBody } from "../paging.js";
import {
  isJsonObject,
  optionalBoolean,
  optionalString,
  requiredObject,
  type JsonObject,
} from "./body-fields.js";
import { requireMember, requireUser, type RequestContext } from "./context.js";

/** Atrium's development limit of members per user; one more answers 405 (evidence §1). */
export const MAX_MEMBERS_PER_USER = 25;

function credentialPairs(fields: JsonObject): Array<{ guid: string; value: string }> {
  const raw = fields.credentials;
  if (raw === undefined || raw === null) throw new HttpError(400, "member.credentials is required");
  if (!Array.isArray(raw)) throw new HttpError(422, "member.credentials must be an array");
  return raw.map((item: unknown) => {
    if (!isJsonObject(item) || typeof item.guid !== "string" || typeof item.value !== "string") {
      throw new HttpError(422, 'each credential must be {"guid": string, "value": string}');
    }
    return { guid: item.guid, value: item.value };
  });
}

function loginFrom(institution: SandboxInstitution, pairs: Array<{ guid: string; value: string }>) {
  const byGuid = new Map(institution.credentials.map((c) => [c.guid, c.type]));
  let username: string | undefined;
  let password: string | undefined;
  for (const pair of pairs) {
    const type = byGuid.get(pair.guid);
    if (type === undefined)
      throw new HttpError(422, `credential ${pair.guid} does not belong to ${institution.institution.code}`);
    if (type === "LOGIN") username = pair.value;
    else password = pair.value;
  }
  if (username === undefined || password === undefined) {
    throw new HttpError(
      400,
      "credentials for every institution credential (LOGIN and PASSWORD) are required",
    );
  }
  return { username, password };
}

/**
 * Parses a create-member body. `skip_aggregation` is read inside `member` or beside it (ATRIUM.md).
 * Missing `institution_code`/credentials → 400; wrong types, an unknown institution or a credential
 * guid of another institution → 422; OAuth is refused with 422 (no sandbox institution supports it).
 */
function parseCreateMember(body: unknown, userGuid: string): { input: NewMember; skipAggregation: boolean } {
  const root = requiredObject(body, "request body");
  const fields = requiredObject(root.member, "member");
  const code = optionalString(fields, "institution_code", "member");
  if (code === undefined || code === null || code === "")
    throw new HttpError(400, "member.institution_code is required");
  const institution = findInstitution(code);
  if (institution === undefined) throw new HttpError(422, `unknown institution_code ${code}`);
  if (optionalBoolean(fields, "is_oauth", "member") === true) {
    throw new HttpError(422, `${code} does not support OAuth`);
  }
  for (const key of ["referral_source", "client_redirect_url", "ui_message_webview_url_scheme"]) {
    optionalString(fields, key, "member");
  }
  const credentialValues = credentialPairs(fields);
  const { username, password } = loginFrom(institution, credentialValues);
  const skipAggregation =
    optionalBoolean(fields, "skip_aggregation", "member") ??
    optionalBoolean(root, "skip_aggregation", "body") ??
    false;
  const input: NewMember = {
    userGuid,
    institution,
    username,
    password,
    credentialValues,
    identifier: optionalString(fields, "identifier", "member") ?? null,
    metadata: optionalString(fields, "metadata", "member") ?? null,
  };
  return { input, skipAggregation };
}

/**
 * Creates a member. Without `skip_aggregation` an aggregation starts (`CREATED` + `INITIATED` +
 * `is_being_aggregated: true`, ATRIUM.md "Connection statuses"). 405 past 25 members; 409 for the
 * same username and password at the same institution for the same user.
 */
export async function createMember(ctx: RequestContext): Promise<Reply> {
  const user = requireUser(ctx);
  const { input, skipAggregation } = parseCreateMember(await ctx.readJson(), user.guid);
  const store = ctx.state.store;
  const existing = store.membersOfUser(user.guid);
  if (existing.length >= MAX_MEMBERS_PER_USER) {
    throw new HttpError(405, `a user may have at most ${MAX_MEMBERS_PER_USER} members`);
  }
  const code = input.institution.institution.code;
  const duplicate = existing.some(
    (r) =>
      r.member.institution_code === code && r.username === input.username && r.password === input.password,
  );
  if (duplicate)
    throw new HttpError(409, "a member with these credentials already exists for this institution");
  const record = newMemberRecord(input);
  store.addMember(record);
  if (!skipAggregation) ctx.state.jobs.start(record, "aggregate");
  return jsonReply({ member: { ...record.member } });
}

/** Lists the user's members, paged, in creation order. */
export function listMembers(ctx: RequestContext): Reply {
  const user = requireUser(ctx);
  const members = ctx.state.store.membersOfUser(user.guid).map((r) => ({ ...r.member }));
  return jsonReply(pagedBody("members", members, ctx.query));
}

/** Reads one member. */
export function readMember(ctx: RequestContext): Reply {
  return jsonReply({ member: { ...requireMember(ctx).member } });
}
