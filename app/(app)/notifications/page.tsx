import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listMyNotifications } from '@/lib/notifications/queries';
import { notificationText, type NotificationTranslator } from '@/lib/notifications/text';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { MarkAllReadButton, NotificationList } from './_components/notification-list';

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/** 通知: the signed-in user's notifications, newest first, unread ones highlighted. */
export default async function NotificationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx();
  const sp = await searchParams;
  const unreadOnly = one(sp.unread) === 'yes';
  const askedPage = Number(one(sp.page));
  const page = Number.isInteger(askedPage) && askedPage >= 1 && askedPage <= 100_000 ? askedPage : 1;
  const [data, t, tc, root, format] = await Promise.all([
    pageLoad(() => listMyNotifications({ ctx, input: { page, unreadOnly } })),
    getTranslations('notifications'),
    getTranslations('common'),
    getTranslations(),
    getFormatter(),
  ]);
  const tr = root as unknown as NotificationTranslator;
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  const href = (p: number, unread = unreadOnly) => {
    const q = new URLSearchParams();
    if (unread) q.set('unread', 'yes');
    if (p > 1) q.set('page', String(p));
    const text = q.toString();
    return `/notifications${text ? `?${text}` : ''}`;
  };
  const items = data.rows.map((n) => ({
    id: n.id,
    text: notificationText(tr, n),
    link: n.link,
    when: format.dateTime(n.createdAt, { dateStyle: 'medium', timeStyle: 'short' }),
    unread: n.readAt === null,
  }));

  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted small">{t('intro')}</p>
      <div className="toolbar" style={{ alignItems: 'center', justifyContent: 'space-between' }}>
        <nav className="row" aria-label={t('filterLabel')}>
          <Link href={href(1, false)} aria-current={!unreadOnly ? 'page' : undefined} style={{ fontWeight: unreadOnly ? 400 : 600 }} data-testid="notifications-filter-all">
            {t('filterAll')}
          </Link>
          <Link href={href(1, true)} aria-current={unreadOnly ? 'page' : undefined} style={{ fontWeight: unreadOnly ? 600 : 400 }} data-testid="notifications-filter-unread">
            {t('filterUnread')}
          </Link>
          <span className="muted small" data-testid="notifications-unread-total">
            {t('unreadCount', { count: data.unread })}
          </span>
        </nav>
        <MarkAllReadButton disabled={data.unread === 0} />
      </div>
      {items.length === 0 ? <p className="muted">{unreadOnly ? t('emptyUnread') : t('empty')}</p> : <NotificationList items={items} />}
      {data.total > data.pageSize && (
        <nav className="pager" aria-label={t('title')}>
          <span className="muted">{tc('pageOf', { page: data.page, pages, total: data.total })}</span>
          {data.page > 1 ? <Link href={href(data.page - 1)}>{tc('previous')}</Link> : <span className="muted">{tc('previous')}</span>}
          {data.page < pages ? <Link href={href(data.page + 1)}>{tc('next')}</Link> : <span className="muted">{tc('next')}</span>}
        </nav>
      )}
    </section>
  );
}
