/**
 * The MX endpoints this project uses (ATRIUM.md "Resources and endpoints"; the
 * Platform API has the same paths), as route templates, written once: the
 * client builds its paths and metric labels from them, the sandbox routes by
 * them, and tests and benchmarks name them when they count calls.
 */
const MEMBER = "/users/:user_guid/members/:member_guid";

export const UPSTREAM_ROUTES = {
  users: "/users",
  user: "/users/:user_guid",
  institutions: "/institutions",
  institution: "/institutions/:institution_code",
  institutionCredentials: "/institutions/:institution_code/credentials",
  members: "/users/:user_guid/members",
  member: MEMBER,
  aggregate: `${MEMBER}/aggregate`,
  identify: `${MEMBER}/identify`,
  verify: `${MEMBER}/verify`,
  extendHistory: `${MEMBER}/extend_history`,
  status: `${MEMBER}/status`,
  challenges: `${MEMBER}/challenges`,
  resume: `${MEMBER}/resume`,
  accounts: `${MEMBER}/accounts`,
  transactions: `${MEMBER}/transactions`,
  memberAccountNumbers: `${MEMBER}/account_numbers`,
  accountOwners: `${MEMBER}/account_owners`,
  accountAccountNumbers: "/users/:user_guid/accounts/:account_guid/account_numbers",
} as const;

export type UpstreamRoute = (typeof UPSTREAM_ROUTES)[keyof typeof UPSTREAM_ROUTES];

/** A route split at its parameters once: literal parts at even indexes, parameter names at odd ones. */
const compiled = new Map<string, readonly string[]>();

function partsOf(route: string): readonly string[] {
  let parts = compiled.get(route);
  if (!parts) {
    parts = route.split(/:([a-z_]+)/);
    compiled.set(route, parts);
  }
  return parts;
}

/** The concrete path of a route: every `:name` replaced by its URI-encoded value. */
export function upstreamPath(route: UpstreamRoute, params: Readonly<Record<string, string>>): string {
  const parts = partsOf(route);
  let path = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const value = params[parts[i]!];
    if (value === undefined) throw new TypeError(`missing ${parts[i]} for ${route}`);
    path += encodeURIComponent(value) + parts[i + 1]!;
  }
  return path;
}

/** A member's endpoint: its concrete path and its route template (the client's metric label). */
export function memberEndpoint(
  route: UpstreamRoute,
  userGuid: string,
  memberGuid: string,
): { path: string; route: UpstreamRoute } {
  return { route, path: upstreamPath(route, { user_guid: userGuid, member_guid: memberGuid }) };
}
