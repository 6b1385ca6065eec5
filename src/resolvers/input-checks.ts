/**
 * Argument checks that run before any upstream call. Guids must look like
 * Atrium's (prefix + letters, digits, dashes), which also keeps anything
 * path-like out of upstream URLs.
 */
import { badUserInput } from "../graphql/errors.js";

const GUID_BODY = "[A-Za-z0-9-]{1,64}";
const MEMBER_GUID = new RegExp(`^MBR-${GUID_BODY}$`);
const CHALLENGE_GUID = new RegExp(`^CRD-${GUID_BODY}$`);
const INSTITUTION_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Upstream lists accept up to 1000 records per page (ATRIUM.md "Transport"). */
export const MAX_PER_PAGE = 1000;

export function checkMemberGuid(guid: string): string {
  if (!MEMBER_GUID.test(guid)) throw badUserInput(`"${guid.slice(0, 80)}" is not a member guid (MBR-…).`);
  return guid;
}

export function checkChallengeGuid(guid: string): string {
  if (!CHALLENGE_GUID.test(guid))
    throw badUserInput(`"${guid.slice(0, 80)}" is not a challenge guid (CRD-…).`);
  return guid;
}

export function checkInstitutionCode(code: string): string {
  if (!INSTITUTION_CODE.test(code)) throw badUserInput(`"${code.slice(0, 80)}" is not an institution code.`);
  return code;
}

/** An explicit `null` means the default, as for an omitted argument. */
export function checkPaging(page: number | null, perPage: number | null): { page: number; perPage: number } {
  page ??= 1;
  perPage ??= 25;
  if (!Number.isInteger(page) || page < 1) throw badUserInput("page must be 1 or more.");
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > MAX_PER_PAGE) {
    throw badUserInput(`perPage must be between 1 and ${MAX_PER_PAGE}.`);
  }
  return { page, perPage };
}
