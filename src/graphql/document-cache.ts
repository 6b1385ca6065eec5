/**
 * Parsed and validated subscription documents, by query text. Thousands of
 * clients subscribe with the same query: each parse and validation is done
 * once, and they all share one DocumentNode (which also lets their events share
 * one execution, see shared-subscription-execution.ts).
 */
import { GraphQLError, parse, validate, type DocumentNode, type GraphQLSchema } from "graphql";
import { validationRules, withoutSuggestions } from "./schema-exposure.js";

export type CachedDocument =
  { document: DocumentNode; errors?: undefined } | { errors: readonly GraphQLError[] };

/** Longer documents are parsed every time rather than kept. */
const MAX_CACHED_QUERY_LENGTH = 10_000;

export class DocumentCache {
  private readonly entries = new Map<string, CachedDocument>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly maxTokens: number,
    /** Production: introspection refused, no "Did you mean" in messages. */
    private readonly production = false,
    private readonly maxEntries = 500,
  ) {}

  get(query: string): CachedDocument {
    const hit = this.entries.get(query);
    if (hit) {
      // Refresh its place: the Map's insertion order is the eviction order.
      this.entries.delete(query);
      this.entries.set(query, hit);
      return hit;
    }
    const entry = this.parseAndValidate(query);
    if (query.length <= MAX_CACHED_QUERY_LENGTH) {
      if (this.entries.size >= this.maxEntries) {
        const oldest = this.entries.keys().next();
        if (!oldest.done) this.entries.delete(oldest.value);
      }
      this.entries.set(query, entry);
    }
    return entry;
  }

  private parseAndValidate(query: string): CachedDocument {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.maxTokens });
    } catch (error) {
      const syntax = error instanceof GraphQLError ? error : new GraphQLError("Syntax error.");
      return { errors: [withCode(syntax, "GRAPHQL_PARSE_FAILED")] };
    }
    const errors = validate(this.schema, document, validationRules(this.production));
    if (errors.length === 0) return { document };
    return {
      errors: errors.map((e) =>
        withCode(e, "GRAPHQL_VALIDATION_FAILED", this.production ? withoutSuggestions(e.message) : e.message),
      ),
    };
  }
}

/** The codes Apollo Server gives the same failures over HTTP. */
function withCode(error: GraphQLError, code: string, message = error.message): GraphQLError {
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}
