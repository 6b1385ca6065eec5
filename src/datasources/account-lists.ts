/**
 * Member-level lists cut per account: Atrium lists account numbers, owners and
 * transactions per member, and the per-account fields take their share.
 */
import type { Page } from "../domain/types.js";

export function groupByAccount<T extends { accountGuid: string }>(items: T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.accountGuid);
    if (list) list.push(item);
    else map.set(item.accountGuid, [item]);
  }
  return map;
}

export function slicePage<T>(items: T[], page: number, perPage: number): Page<T> {
  const totalEntries = items.length;
  return {
    nodes: items.slice((page - 1) * perPage, page * perPage),
    pageInfo: {
      currentPage: page,
      perPage,
      totalEntries,
      totalPages: Math.max(1, Math.ceil(totalEntries / perPage)),
    },
  };
}
