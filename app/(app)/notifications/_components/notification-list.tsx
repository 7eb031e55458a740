'use client';

import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { markNotificationsReadAction } from '../actions';

export interface NotificationItem {
  id: number;
  text: string;
  link: string | null;
  /** Already formatted in the reader's locale and time zone. */
  when: string;
  unread: boolean;
}

/**
 * The list: unread ones highlighted; opening one marks it read and follows its link (without
 * script the link still works). A notification without a link has a "mark read" button.
 */
export function NotificationList({ items }: { items: NotificationItem[] }) {
  const t = useTranslations('notifications');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const mark = (id: number, then?: string) =>
    startTransition(async () => {
      setError(null);
      const result = await markNotificationsReadAction({ ids: [id] });
      if (!result.ok) {
        setError(result.error);
        if (!then) return;
      }
      if (then) router.push(then);
      else router.refresh();
    });

  return (
    <>
      {error && (
        <p className="alert error" role="alert" data-testid="notifications-error">
          {error}
        </p>
      )}
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} data-testid="notifications-list" aria-busy={pending}>
        {items.map((n) => (
          <li
            key={n.id}
            data-testid="notification"
            data-unread={n.unread ? 'true' : 'false'}
            className="card"
            style={{
              padding: '10px 14px',
              marginBottom: 8,
              display: 'flex',
              gap: 12,
              alignItems: 'baseline',
              borderLeft: n.unread ? '4px solid var(--primary)' : undefined,
              background: n.unread ? '#f3f7ff' : undefined,
            }}
          >
            {n.unread ? <span className="badge info">{t('unread')}</span> : <span className="badge">{t('read')}</span>}
            <span style={{ flex: 1, fontWeight: n.unread ? 600 : 400 }}>
              {n.link ? (
                <Link
                  href={n.link}
                  data-testid="notification-link"
                  onClick={(event) => {
                    if (!n.unread || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
                    event.preventDefault();
                    mark(n.id, n.link!);
                  }}
                >
                  {n.text}
                </Link>
              ) : (
                n.text
              )}
            </span>
            <span className="muted small" style={{ whiteSpace: 'nowrap' }}>
              {n.when}
            </span>
            {n.unread && !n.link && (
              <button type="button" className="link-button" onClick={() => mark(n.id)} disabled={pending} data-testid="notification-mark-read">
                {t('markRead')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

/** Marks every unread notification of the signed-in user read. */
export function MarkAllReadButton({ disabled }: { disabled: boolean }) {
  const t = useTranslations('notifications');
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const markAll = () =>
    startTransition(async () => {
      setMessage(null);
      const result = await markNotificationsReadAction({ all: true });
      if (!result.ok) {
        setMessage({ ok: false, text: result.error });
        return;
      }
      setMessage({ ok: true, text: t('markedAll', { count: result.data.marked }) });
      router.refresh();
    });
  return (
    <span className="row">
      <button type="button" onClick={markAll} disabled={disabled || pending} data-testid="notifications-mark-all">
        {pending ? t('marking') : t('markAllRead')}
      </button>
      {message && (
        <span className={`alert ${message.ok ? 'ok' : 'error'}`} role={message.ok ? 'status' : 'alert'} data-testid="notifications-marked">
          {message.text}
        </span>
      )}
    </span>
  );
}
