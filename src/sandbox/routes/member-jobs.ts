// Job endpoints (aggregate, identify, verify, extend_history), MFA (status, challenges, resume).
import { HttpError, jsonReply, type Reply } from "../http-io.js";
import { findInstitution } from "../institutions.js";
import type { JobType } from "../job.types.js";
import { startDecision } from "../jobs.js";
import { statusView, type MemberRecord } from "../store.js";
import { isJsonObject, optionalBoolean, requiredObject } from "./body-fields.js";
import { requireMember, type RequestContext } from "./context.js";

/**
 * `include_transactions` from an identify/verify body: no body, `{}`, top-level or inside `member`
 * are all accepted (evidence §3.3: the docs name the field, not its place).
 */
export function includeTransactionsFrom(body: unknown): boolean {
  if (body === undefined || body === null) return false;
  if (!isJsonObject(body)) throw new HttpError(422, "request body must be an object");
  const topLevel = optionalBoolean(body, "include_transactions", "body");
  if (body.member === undefined || body.member === null) return topLevel ?? false;
  if (!isJsonObject(body.member)) throw new HttpError(422, "member must be an object");
  return optionalBoolean(body.member, "include_transactions", "member") ?? topLevel ?? false;
}

function supportsJob(record: MemberRecord, type: JobType): boolean {
  const institution = findInstitution(record.member.institution_code)?.institution;
  if (institution === undefined) return false;
  if (type === "identify") return institution.supports_account_identification;
  if (type === "verify") return institution.supports_account_verification;
  if (type === "extend_history") return institution.supports_transaction_history;
  return true;
}

/**
 * Starts a job. Checks, in this order (a sandbox decision; ATRIUM.md lists the codes, not their
 * precedence): 404 member; 400/422 body; 403 identification disabled for the client (a client-wide
 * setting, so it comes first); 400 institution does not support the job; 202 same job already running
 * (member returned as is); 409 another aggregation-type job running; else 200 with the started member.
 */
async function startJob(ctx: RequestContext, type: JobType): Promise<Reply> {
  const record = requireMember(ctx);
  const body = await ctx.readJson();
  const includeTransactions =
    type === "identify" || type === "verify" ? includeTransactionsFrom(body) : false;
  if (type === "identify" && !ctx.state.settings.identificationEnabled) {
    throw new HttpError(403, "identification is not enabled for this client");
  }
  if (!supportsJob(record, type)) {
    throw new HttpError(400, `${record.member.institution_code} does not support ${type}`);
  }
  const decision = startDecision(record, type);
  if (decision === "already-running") return jsonReply({ member: { ...record.member } }, 202);
  if (decision === "conflict") {
    throw new HttpError(409, `another aggregation-type job (${record.job?.type ?? "unknown"}) is running`);
  }
  ctx.state.jobs.start(record, type, includeTransactions);
  return jsonReply({ member: { ...record.member } });
}

/** `POST …/aggregate`. */
export const aggregateMember = (ctx: RequestContext): Promise<Reply> => startJob(ctx, "aggregate");
/** `POST …/identify`. */
export const identifyMember = (ctx: RequestContext): Promise<Reply> => startJob(ctx, "identify");
/** `POST …/verify`. */
export const verifyMember = (ctx: RequestContext): Promise<Reply> => startJob(ctx, "verify");
/** `POST …/extend_history`. */
export const extendHistory = (ctx: RequestContext): Promise<Reply> => startJob(ctx, "extend_history");

/** `GET …/status`. */
export function readMemberStatus(ctx: RequestContext): Reply {
  return jsonReply({ member: statusView(requireMember(ctx)) });
}

/** `GET …/challenges`: 200 with the pending challenges while CHALLENGED, else 204 No Content. */
export function listChallenges(ctx: RequestContext): Reply {
  const record = requireMember(ctx);
  if (record.member.connection_status !== "CHALLENGED" || record.challenges.length === 0)
    return { status: 204 };
  return jsonReply({ challenges: statusView(record).challenges ?? [] });
}

function answersFrom(body: unknown): Map<string, string> {
  const root = requiredObject(body, "request body");
  const member = requiredObject(root.member, "member");
  const raw = member.challenges;
  if (raw === undefined || raw === null) throw new HttpError(400, "member.challenges is required");
  if (!Array.isArray(raw)) throw new HttpError(422, "member.challenges must be an array");
  const answers = new Map<string, string>();
  for (const item of raw as unknown[]) {
    if (!isJsonObject(item) || typeof item.guid !== "string" || typeof item.value !== "string") {
      throw new HttpError(422, 'each answer must be {"guid": string, "value": string}');
    }
    answers.set(item.guid, item.value);
  }
  return answers;
}

/**
 * `PUT …/resume`. Only a CHALLENGED member can be resumed: otherwise 405 (the Nexus analogue's code,
 * evidence §2 row 21). Answers must name only pending challenge guids and cover all of them, else
 * 422; a missing `member.challenges` is 400. Refused requests change nothing.
 */
export async function resumeMember(ctx: RequestContext): Promise<Reply> {
  const record = requireMember(ctx);
  const body = await ctx.readJson();
  if (record.job?.phase !== "CHALLENGED" || record.member.connection_status !== "CHALLENGED") {
    throw new HttpError(405, "member is not CHALLENGED");
  }
  const answers = answersFrom(body);
  const pending = new Set(record.challenges.map((c) => c.guid));
  for (const guid of answers.keys()) {
    if (!pending.has(guid)) throw new HttpError(422, `challenge ${guid} is not pending`);
  }
  for (const guid of pending) {
    if (!answers.has(guid)) throw new HttpError(422, `challenge ${guid} was not answered`);
  }
  ctx.state.jobs.resume(record, answers);
  return jsonReply({ member: { ...record.member } });
}
