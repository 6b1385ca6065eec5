/**
 * The order pages of a list are read in (ATRIUM.md "Transport"): the first page,
 * then every page it announced at once (in batches past `concurrency`), then,
 * for lists without a pagination object, one page at a time while pages come
 * back full.
 */
import { toPageInfo, type unwrapList } from "./atrium.mappers.js";
import type { WireObject } from "./atrium.wire.js";

export interface PageResult<T> {
  items: T[];
  /** Pages the list has, as far as this page tells. */
  totalPages: number;
  /** No pagination object and a full page: a successor may exist. */
  maybeMore: boolean;
}

export async function readAllPages<T>(
  readPage: (page: number) => Promise<PageResult<T>>,
  concurrency: number,
): Promise<T[]> {
  const first = await readPage(1);
  const items = [...first.items];
  let next = 2;
  while (next <= first.totalPages) {
    const batch: number[] = [];
    for (let i = 0; i < concurrency && next <= first.totalPages; i++) batch.push(next++);
    const pages = await Promise.all(batch.map(readPage));
    for (const p of pages) items.push(...p.items);
  }
  let maybeMore = first.maybeMore;
  while (maybeMore) {
    const p = await readPage(next++);
    items.push(...p.items);
    maybeMore = p.maybeMore && p.items.length > 0;
  }
  return items;
}

/**
 * One page's items and what it says of the rest. `total_pages` is not trusted
 * alone (a recorded answer had it wrong), so `total_entries / per_page` counts
 * too; without a pagination object (allowed for account_numbers and
 * account_owners) a full page may have a successor.
 */
export function toPageResult<T>(
  list: ReturnType<typeof unwrapList>,
  mapItem: (o: WireObject) => T,
  page: number,
  pageSize: number,
): PageResult<T> {
  const items = list.items.map(mapItem);
  if (!list.pagination) return { items, totalPages: page, maybeMore: items.length >= pageSize };
  const info = toPageInfo(list.pagination, {
    currentPage: page,
    perPage: pageSize,
    totalEntries: 0,
    totalPages: 1,
  });
  const byEntries = info.perPage > 0 ? Math.ceil(info.totalEntries / info.perPage) : 1;
  return { items, totalPages: Math.max(info.totalPages, byEntries), maybeMore: false };
}
