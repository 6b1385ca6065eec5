/**
 * Atrium's snake_case wire shapes, as ATRIUM.md "Resources and endpoints" lists
 * them. Every field is optional and `unknown`-tolerant on purpose: bodies are
 * checked by the mappers, never trusted.
 */

export interface WirePagination {
  current_page?: unknown;
  per_page?: unknown;
  total_entries?: unknown;
  total_pages?: unknown;
}

export type WireObject = Record<string, unknown>;

/** A list answer: `{"<root>": [...], "pagination": {...}}` (pagination may be absent). */
export interface WireList {
  items: WireObject[];
  pagination: WirePagination | undefined;
}
