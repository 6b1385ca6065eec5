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

/**
 * Measured depth and cost per document object and variables. Apollo and our
 * graphql-ws document cache hand out the same DocumentNode for the same query
 * text, so a repeated operation is measured once.
 */
interface Measures {
  depth: Map<string, number>;
  cost: Map<string, number>;
}
const measured = new WeakMap<DocumentNode, Measures>();
/** Distinct variable sets remembered per document; past it, costs are computed every time. */
const MAX_COSTS_PER_DOCUMENT = 100;

function measuresOf(document: DocumentNode): Measures {
  let measures = measured.get(document);
  if (!measures) {
    measures = { depth: new Map(), cost: new Map() };
    measured.set(document, measures);
  }
  return measures;
}

/** The QUERY_TOO_COMPLEX error, or undefined when the operation is within the limits. */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
  limits: QueryLimits,
): GraphQLError | undefined {
  const measures = measuresOf(document);
  const operationKey = operationName ?? "";
  let depth = measures.depth.get(operationKey);
  if (depth === undefined) {
    depth = queryDepth(document, operationName);
    measures.depth.set(operationKey, depth);
  }
  if (depth > limits.maxDepth) {
    return tooComplex(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}.`, { depth });
  }
  const costKey = `${operationKey}|${variables ? JSON.stringify(variables) : ""}`;
  let cost = measures.cost.get(costKey);
  if (cost === undefined) {
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
    if (measures.cost.size < MAX_COSTS_PER_DOCUMENT) measures.cost.set(costKey, cost);
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
