import type { PgSelect } from 'drizzle-orm/pg-core';

/** Which page of a list, and how many rows a page holds (pages count from 1). */
export interface Paging {
  page: number;
  pageSize: number;
}

/** A page of a list with the size of the whole list, as the paged tables show it. */
export interface Page<R> extends Paging {
  rows: R[];
  total: number;
}

/**
 * One page of a list and how many rows the whole list has, read together: `rows` is the list's
 * query, filtered and ordered (made `$dynamic()` so the page can be cut here), `count` its
 * `select({ total: count() })` over the same filter.
 */
export async function pagedList<Q extends PgSelect>(paging: Paging, rows: Q, count: PromiseLike<{ total: number }[]>): Promise<Page<Awaited<Q>[number]>> {
  const [found, [{ total }]] = await Promise.all([rows.limit(paging.pageSize).offset((paging.page - 1) * paging.pageSize), count]);
  return { rows: found as Awaited<Q>[number][], total, page: paging.page, pageSize: paging.pageSize };
}
