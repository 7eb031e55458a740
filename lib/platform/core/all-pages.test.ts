import { describe, expect, it } from 'vitest';
import { allPages } from './all-pages';

/** A list of `total` numbered rows served `size` at a time, as the paged queries answer. */
function pagedList(total: number, size: number) {
  const asked: number[] = [];
  const pageOf = async (page: number) => {
    asked.push(page);
    const rows = Array.from({ length: total }, (_, i) => i + 1).slice((page - 1) * size, page * size);
    return { rows, total, page, pageSize: size };
  };
  return { pageOf, asked };
}

describe('allPages', () => {
  it.each([
    { total: 0, size: 500, pages: [1] },
    { total: 1, size: 500, pages: [1] },
    { total: 500, size: 500, pages: [1] },
    { total: 501, size: 500, pages: [1, 2] },
    { total: 1234, size: 500, pages: [1, 2, 3] },
  ])('$total rows at $size a page: every row, asking pages $pages', async ({ total, size, pages }) => {
    const list = pagedList(total, size);
    const all = await allPages(list.pageOf);
    expect(all.rows).toHaveLength(total);
    expect(all.rows.at(-1)).toBe(total === 0 ? undefined : total);
    expect(all.total).toBe(total);
    expect(list.asked).toEqual(pages);
  });

  it('stops when a page comes back empty though the total said more (rows removed meanwhile)', async () => {
    const pageOf = async (page: number) => ({ rows: page === 1 ? [1, 2] : [], total: 10 });
    expect((await allPages(pageOf)).rows).toEqual([1, 2]);
  });
});
