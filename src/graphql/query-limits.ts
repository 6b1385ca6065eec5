/**
 * Depth and cost limits, checked after parsing and before execution, for HTTP
 * (Apollo plugin) and graphql-ws (onSubscribe) alike. Cost comes from
 * graphql-query-complexity (the library type-graphql's `complexity` option
 * feeds): list fields cost their expected size times their selection, so 300
 * aliased `members` lists are refused before anything reaches upstream.
 */
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { createRequire } from "node:module";

// graphql-query-complexity's ESM build imports `graphql/index.mjs`, a second copy of
// graphql beside the `graphql` (index.js) that type-graphql and Apollo load; its
// instanceof checks then reject our schema. Its CommonJS build shares our copy.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
}

/** Depth of the deepest field, fragments expanded; introspection fields do not count. */
export function queryDepth(document: DocumentNode, operationName?: string | null): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  }
  const measure = (set: SelectionSetNode, seen: ReadonlySet<string>): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value.startsWith("__")) continue;
        const below = selection.selectionSet ? measure(selection.selectionSet, seen) : 0;
        deepest = Math.max(deepest, 1 + below);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, measure(selection.selectionSet, seen));
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        // A fragment cycle is a validation error reported elsewhere; stop here.
        if (!fragment || seen.has(name)) continue;
        deepest = Math.max(deepest, measure(fragment.selectionSet, new Set([...seen, name])));
      }
    }
    return deepest;
  };
  let depth = 0;
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (operationName && def.name?.value !== operationName) continue;
    depth = Math.max(depth, measure(def.selectionSet, new Set()));
  }
  return depth;
}

/** The QUERY_TOO_COMPLEX error, or undefined when the operation is within the limits. */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
  limits: QueryLimits,
): GraphQLError | undefined {
  const depth = queryDepth(document, operationName);
  if (depth > limits.maxDepth) {
    return tooComplex(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}.`, { depth });
  }
  let cost: number;
  try {
    cost = getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operationName ?? undefined,
      estimators: [fieldExtensionsEstimator(), simpleEstimator({ defaultComplexity: 1 })],
    });
  } catch {
    // Invalid variables or operation names are reported by validation/execution with their own codes.
    return undefined;
  }
  if (cost > limits.maxCost) {
    return tooComplex(`Query cost ${cost} exceeds the limit of ${limits.maxCost}.`, { cost });
  }
  return undefined;
}

function tooComplex(message: string, extra: Record<string, number>): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: "QUERY_TOO_COMPLEX", ...extra, http: { status: 400 } },
  });
}
