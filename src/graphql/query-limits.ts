/**
 * Depth and cost limits, checked after parsing and before execution, for HTTP
 * (Apollo plugin) and graphql-ws (onSubscribe) alike. Cost is counted in
 * upstream calls (upstream-cost.ts), so 400 aliased `member(guid:)` fields are
 * refused before anything reaches upstream, while one member's whole tree is cheap.
 */
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";
import { upstreamCost } from "./upstream-cost.js";

/** Tokens per document, on both transports (Apollo's parseOptions; the graphql-ws document cache). */
export const MAX_TOKENS = 5000;

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

/** What the limits measured of one operation: its cost (when measurable) and the refusal, if any. */
export interface LimitCheck {
  /** Upstream calls the operation can cause at most; undefined when validation will refuse it anyway. */
  cost: number | undefined;
  error: GraphQLError | undefined;
}

/** Measures the operation against the limits; `error` is QUERY_TOO_COMPLEX when it is over one. */
export function checkQueryLimits(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName: string | null | undefined,
  limits: QueryLimits,
): LimitCheck {
  const measures = measuresOf(document);
  const operationKey = operationName ?? "";
  let depth = measures.depth.get(operationKey);
  if (depth === undefined) {
    depth = queryDepth(document, operationName);
    measures.depth.set(operationKey, depth);
  }
  const costKey = `${operationKey}|${variables ? JSON.stringify(variables) : ""}`;
  let cost = measures.cost.get(costKey);
  if (cost === undefined) {
    try {
      cost = upstreamCost(schema, document, variables, operationName) ?? -1;
    } catch {
      // Invalid variables are reported by validation/execution with their own codes.
      cost = -1;
    }
    if (measures.cost.size < MAX_COSTS_PER_DOCUMENT) measures.cost.set(costKey, cost);
  }
  const known = cost >= 0 ? cost : undefined;
  if (depth > limits.maxDepth) {
    return {
      cost: known,
      error: tooComplex(`Query depth ${depth} exceeds the limit of ${limits.maxDepth}.`),
    };
  }
  if (known !== undefined && known > limits.maxCost) {
    return {
      cost: known,
      error: tooComplex(`Query cost ${known} exceeds the limit of ${limits.maxCost} upstream calls.`),
    };
  }
  return { cost: known, error: undefined };
}

/** The `extensions.cost` a client sees with every answer it could be measured for. */
export function costExtension(
  cost: number | undefined,
  limits: QueryLimits,
): { requested: number; limit: number } | undefined {
  return cost === undefined ? undefined : { requested: cost, limit: limits.maxCost };
}

function tooComplex(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "QUERY_TOO_COMPLEX", http: { status: 400 } } });
}
