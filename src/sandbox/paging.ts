// `page` / `records_per_page` paging and the `pagination` object (ATRIUM.md "Transport").
import { HttpError } from "./http-io.js";
import type { WirePagination } from "./wire-types.js";

/** Default page size (ATRIUM.md: 25). */
export const DEFAULT_RECORDS_PER_PAGE = 25;
/** Largest honoured page size; above it the Platform API's rule applies (evidence §3.8): 25 is used. */
export const MAX_RECORDS_PER_PAGE = 1000;

/** A validated page request. */
export interface PageRequest {
  page: number;
  perPage: number;
}

function positiveInteger(raw: string, name: string): number {
  if (!/^\d+$/.test(raw.trim())) throw new HttpError(400, `${name} must be a positive integer`);
  const value = Number(raw.trim());
  if (!Number.isSafeInteger(value) || value < 1)
    throw new HttpError(400, `${name} must be a positive integer`);
  return value;
}

/**
 * Reads `page` (default 1) and `records_per_page` (default 25). Sandbox decision: a value that is not
 * a positive integer answers 400; a page size over 1000 falls back to 25 as the Platform API documents.
 */
export function pageRequestFrom(query: URLSearchParams): PageRequest {
  const rawPage = query.get("page");
  const rawPerPage = query.get("records_per_page");
  const page = rawPage === null ? 1 : positiveInteger(rawPage, "page");
  let perPage =
    rawPerPage === null ? DEFAULT_RECORDS_PER_PAGE : positiveInteger(rawPerPage, "records_per_page");
  if (perPage > MAX_RECORDS_PER_PAGE) perPage = DEFAULT_RECORDS_PER_PAGE;
  return { page, perPage };
}

/** One page of `items` and its `pagination` (an empty list has `total_entries: 0, total_pages: 1`). */
export function paginate<T>(
  items: readonly T[],
  request: PageRequest,
): { items: T[]; pagination: WirePagination } {
  const start = (request.page - 1) * request.perPage;
  return {
    items: items.slice(start, start + request.perPage),
    pagination: {
      current_page: request.page,
      per_page: request.perPage,
      total_entries: items.length,
      total_pages: Math.max(1, Math.ceil(items.length / request.perPage)),
    },
  };
}

/** A paged list body: `{[rootKey]: items, pagination}`. */
export function pagedBody<T>(
  rootKey: string,
  items: readonly T[],
  query: URLSearchParams,
): Record<string, unknown> {
  const page = paginate(items, pageRequestFrom(query));
  return { [rootKey]: page.items, pagination: page.pagination };
}
