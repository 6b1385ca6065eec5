/**
 * The order pages of a list are read in (ATRIUM.md "Transport"): the first page,
 * then every page it announced at once (in batches past `concurrency`), then,
 * for lists without a pagination object, one page at a time while pages come
 * back full.
 */

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
