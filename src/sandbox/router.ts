// A small route table: templates like `/users/:user_guid/members/:member_guid/status` matched
// segment by segment. Unknown paths answer 404, known paths with another method 405.

/** Route parameters by name (`user_guid`, `member_guid`, …), URL-decoded. */
export type RouteParams = Readonly<Record<string, string>>;

/** One row of the route table. */
export interface RouteDefinition<H> {
  method: string;
  template: string;
  handler: H;
}

/** Result of matching a request against the table. */
export type RouteMatch<H> =
  | { kind: "found"; route: RouteDefinition<H>; params: RouteParams }
  | { kind: "wrong-method"; template: string; allowed: string[]; params: RouteParams }
  | { kind: "not-found" };

interface CompiledRoute<H> {
  definition: RouteDefinition<H>;
  segments: string[];
}

/**
 * Splits a path into decoded segments; one trailing slash is ignored. Returns undefined for paths
 * that cannot name a resource (empty segments, bad percent-encoding).
 */
export function splitPath(pathname: string): string[] | undefined {
  const trimmed = pathname.length > 1 && pathname.endsWith("/") ? pathname.slice(0, -1) : pathname;
  if (!trimmed.startsWith("/")) return undefined;
  if (trimmed === "/") return [];
  const raw = trimmed.slice(1).split("/");
  if (raw.some((segment) => segment === "")) return undefined;
  try {
    return raw.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

function matchSegments(pattern: string[], actual: string[]): Record<string, string> | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i] ?? "";
    const value = actual[i] ?? "";
    if (expected.startsWith(":")) params[expected.slice(1)] = value;
    else if (expected !== value) return undefined;
  }
  return params;
}

/** A route table; `H` is the handler type. */
export class Router<H> {
  private readonly routes: CompiledRoute<H>[];

  constructor(definitions: ReadonlyArray<RouteDefinition<H>>) {
    this.routes = definitions.map((definition) => ({
      definition,
      segments: splitPath(definition.template) ?? [],
    }));
  }

  /** Finds the route for `method` + `pathname` (method compared case-insensitively). */
  match(method: string, pathname: string): RouteMatch<H> {
    const segments = splitPath(pathname);
    if (segments === undefined) return { kind: "not-found" };
    const upper = method.toUpperCase();
    let wrong: { template: string; params: RouteParams } | undefined;
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (params === undefined) continue;
      if (route.definition.method === upper) return { kind: "found", route: route.definition, params };
      wrong ??= { template: route.definition.template, params };
      allowed.push(route.definition.method);
    }
    return wrong === undefined ? { kind: "not-found" } : { kind: "wrong-method", ...wrong, allowed };
  }
}
