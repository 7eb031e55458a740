import Link from 'next/link';
import { getTranslations } from 'next-intl/server';

type QueryValue = string | number | null | undefined;

/** The list's URL for a page, keeping its filters (which live in the query: plain GET forms). */
export function pageHref(path: string, params: Record<string, QueryValue>, page: number, hash = ''): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (key !== 'page' && value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return `${path}${text ? `?${text}` : ''}${hash}`;
}

/** "Page 2 of 7, 130 in all", with previous and next links, for every paged list. */
export async function Pager(props: { path: string; params: Record<string, QueryValue>; page: number; pageSize: number; total: number; label: string; hash?: string }) {
  const tc = await getTranslations('common');
  const { page, total } = props;
  const pages = Math.max(1, Math.ceil(total / props.pageSize));
  const href = (p: number) => pageHref(props.path, props.params, p, props.hash);
  return (
    <nav className="pager" aria-label={props.label}>
      <span className="muted">{tc('pageOf', { page, pages, total })}</span>
      {page > 1 ? <Link href={href(page - 1)}>{tc('previous')}</Link> : <span className="muted">{tc('previous')}</span>}
      {page < pages ? <Link href={href(page + 1)}>{tc('next')}</Link> : <span className="muted">{tc('next')}</span>}
    </nav>
  );
}
