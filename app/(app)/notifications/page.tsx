import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listMyNotifications } from '@/lib/notifications/queries';
import { notificationText, type NotificationTranslator } from '@/lib/notifications/text';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { MarkAllReadButton, NotificationList } from './_components/notification-list';
import { Pager, pageHref } from '@/app/_components/pager';

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined);

/** 通知: the signed-in user's notifications, newest first, unread ones highlighted. */
export default async function NotificationsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx();
  const sp = await searchParams;
  const unreadOnly = one(sp.unread) === 'yes';
  const askedPage = Number(one(sp.page));
  const page = Number.isInteger(askedPage) && askedPage >= 1 && askedPage <= 100_000 ? askedPage : 1;
  const [data, t, root, format] = await Promise.all([
    pageLoad(() => listMyNotifications({ ctx, input: { page, unreadOnly } })),
    getTranslations('notifications'),
    getTranslations(),
    getFormatter(),
  ]);
  const tr = root as unknown as NotificationTranslator;
  const filterHref = (unread: boolean) => pageHref('/notifications', { unread: unread ? 'yes' : undefined }, 1);
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
          <Link href={filterHref(false)} aria-current={!unreadOnly ? 'page' : undefined} style={{ fontWeight: unreadOnly ? 400 : 600 }} data-testid="notifications-filter-all">
            {t('filterAll')}
          </Link>
          <Link href={filterHref(true)} aria-current={unreadOnly ? 'page' : undefined} style={{ fontWeight: unreadOnly ? 600 : 400 }} data-testid="notifications-filter-unread">
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
        <Pager path="/notifications" params={{ unread: unreadOnly ? 'yes' : undefined }} page={data.page} pageSize={data.pageSize} total={data.total} label={t('title')} />
      )}
    </section>
  );
}
