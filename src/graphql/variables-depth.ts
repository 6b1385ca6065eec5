/**
 * Nesting depth of request variables, measured without recursion: later
 * checks (cost keys, coercion) walk variables recursively, and a 100,000-level
 * array overflows the stack there. Refused up front with BAD_REQUEST.
 */
import { GraphQLError } from "graphql";

/** Deepest nesting any input of this schema needs is far below this. */
export const MAX_VARIABLES_DEPTH = 32;

/** True when `value` nests objects or arrays deeper than `maxDepth`. */
export function nestsDeeperThan(value: unknown, maxDepth: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== "object") continue;
    if (depth >= maxDepth) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (child !== null && typeof child === "object") stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}

/** The BAD_REQUEST error for over-deep variables, or undefined. */
export function checkVariablesDepth(variables: unknown): GraphQLError | undefined {
  if (!nestsDeeperThan(variables, MAX_VARIABLES_DEPTH + 1)) return undefined;
  return new GraphQLError(`Variables nest deeper than ${MAX_VARIABLES_DEPTH} levels.`, {
    extensions: { code: "BAD_REQUEST", http: { status: 400 } },
  });
}
