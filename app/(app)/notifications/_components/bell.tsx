'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLiveChanges } from '@/app/_components/live-refresh';
import { BellIcon } from '@/app/_components/icons';
import { unreadNotificationCountAction } from '../actions';

/**
 * The bell in the header: a link to the notifications with the unread count. The layout renders
 * it with the count at the time; it asks again on each navigation (the layout itself is not
 * re-rendered when moving between pages), and again when a notification for the user is pushed
 * (/api/live/stream, topic 'notification'), so a verdict published or a dispute decided shows at once.
 */
export function NotificationBell({ initial, renderedAt }: { initial: number; renderedAt: number }) {
  const t = useTranslations('notifications');
  const pathname = usePathname();
  // A count fetched after a navigation holds until the layout renders again with a fresh one.
  const [fetched, setFetched] = useState<{ renderedAt: number; count: number } | null>(null);
  const count = fetched && fetched.renderedAt === renderedAt ? fetched.count : initial;
  const first = useRef(true);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const refetch = useCallback(() => {
    unreadNotificationCountAction({})
      .then((result) => {
        if (mounted.current && result.ok) setFetched({ renderedAt, count: result.data });
      })
      .catch(() => undefined);
  }, [renderedAt]);

  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    refetch();
    // Asked again on navigation only; a new render brings its own count.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pathname]);

  useLiveChanges((change) => change.topic === 'notification', refetch);

  const label = count > 0 ? t('bellUnread', { count }) : t('bellNone');
  return (
    <Link href="/notifications" className="bell" aria-label={label} title={label} data-testid="notifications-bell">
      <BellIcon />
      <span className="bell-text" aria-hidden="true">{t('bell')}</span>
      {count > 0 && (
        <span data-testid="notifications-unread" className="bell-count" aria-hidden="true">
          {count}
        </span>
      )}
    </Link>
  );
}
