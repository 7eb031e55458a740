/**
 * Every row of a paged list, page after page: for the views that show a whole set (a unit's
 * managers, a manager's month, an export) and must never stop quietly at one page's size.
 */
export async function allPages<R, P extends { rows: R[]; total: number }>(pageOf: (page: number) => Promise<P>): Promise<P> {
  const first = await pageOf(1);
  const rows = [...first.rows];
  for (let page = 2; rows.length < first.total; page++) {
    const next = await pageOf(page);
    // Rows removed meanwhile: what is there is all there is.
    if (next.rows.length === 0) break;
    rows.push(...next.rows);
  }
  return { ...first, rows };
}
