// `GET /institutions`, `GET /institutions/{code}`, `GET /institutions/{code}/credentials`.
import { HttpError, jsonReply, type Reply } from "../http-io.js";
import { findInstitution, INSTITUTIONS, type SandboxInstitution } from "../institutions.js";
import { pagedBody } from "../paging.js";
import type { WireInstitution } from "../wire-types.js";
import { param, type RequestContext } from "./context.js";

const BOOLEAN_FILTERS = [
  "supports_account_identification",
  "supports_account_statement",
  "supports_account_verification",
  "supports_transaction_history",
] as const;

function booleanFilter(query: URLSearchParams, name: string): boolean | undefined {
  const raw = query.get(name);
  if (raw === null) return undefined;
  if (raw === "true") return true;
  if (raw === "false") return false;
  throw new HttpError(400, `${name} must be true or false`);
}

/** Lists institutions: `name` is a case-insensitive substring filter; `supports_*` filter by flag. */
export function listInstitutions(ctx: RequestContext): Reply {
  const name = ctx.query.get("name")?.toLowerCase();
  let institutions: WireInstitution[] = INSTITUTIONS.map((entry) => entry.institution);
  if (name !== undefined && name !== "")
    institutions = institutions.filter((i) => i.name.toLowerCase().includes(name));
  for (const flag of BOOLEAN_FILTERS) {
    const wanted = booleanFilter(ctx.query, flag);
    if (wanted !== undefined) institutions = institutions.filter((i) => i[flag] === wanted);
  }
  return jsonReply(pagedBody("institutions", institutions, ctx.query));
}

function requireInstitution(ctx: RequestContext): SandboxInstitution {
  const entry = findInstitution(param(ctx, "institution_code"));
  if (entry === undefined) throw new HttpError(404, "institution not found");
  return entry;
}

/** Reads one institution. */
export function readInstitution(ctx: RequestContext): Reply {
  return jsonReply({ institution: requireInstitution(ctx).institution });
}

/** The institution's login fields (no pagination, as in the SDK models, evidence §2). */
export function readInstitutionCredentials(ctx: RequestContext): Reply {
  return jsonReply({ credentials: requireInstitution(ctx).credentials });
}
