'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useRef, useState, useTransition } from 'react';
import type { OpenCallbacks } from '@/lib/assessment/open-callbacks';
import { closeMonthAction, openCallbacksAction } from '../actions';

/**
 * Closes a month after a confirmation that first says how many of the month's sampled callbacks
 * are still open, by unit, and what closing now means for them; then shows what the close did,
 * or why it could not.
 */
export function CloseButton({ month, closed }: { month: string; closed: boolean }) {
  const t = useTranslations('assessment.close');
  const router = useRouter();
  // Only the states that have callbacks: "待领取 41", not "等待中 0 · 待领取 41 · 坐席处理中 0".
  const states = (c: { waiting: number; ready: number; held: number }) =>
    (['waiting', 'ready', 'held'] as const)
      .filter((k) => c[k] > 0)
      .map((k) => t(`openState.${k}`, { count: c[k] }))
      .join(' · ');
  const [pending, start] = useTransition();
  const [asking, setAsking] = useState<{ open: OpenCallbacks | null; error: string | null } | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  // Which confirmation the count belongs to: one cancelled (or closed) while still counting
  // must stay gone when its count arrives.
  const asked = useRef(0);
  const ask = () => {
    const request = ++asked.current;
    setMessage(null);
    setAsking({ open: null, error: null });
    start(async () => {
      const counted = await openCallbacksAction({ month });
      if (asked.current !== request) return;
      setAsking(counted.ok ? { open: counted.data, error: null } : { open: null, error: counted.error });
    });
  };
  const cancel = () => {
    asked.current++;
    setAsking(null);
  };
  const close = () => {
    asked.current++;
    setAsking(null);
    start(async () => {
      const result = await closeMonthAction({ month });
      setMessage(result.ok ? { ok: true, text: t('done', { ...result.data }) } : { ok: false, text: result.error });
      router.refresh();
    });
  };

  return (
    <span style={{ display: 'inline-flex', gap: 8, alignItems: 'flex-start', flexWrap: 'wrap' }}>
      {!asking && (
        <button type="button" className={closed ? undefined : 'primary'} disabled={pending} data-testid={`close-month-${month}`} onClick={ask}>
          {pending ? t('running') : closed ? t('again') : t('button')}
        </button>
      )}
      {asking && (
        <div className="card small" role="dialog" aria-label={t('confirmTitle', { month })} data-testid="close-confirm" style={{ maxWidth: 520, margin: 0 }}>
          <strong>{t('confirmTitle', { month })}</strong>
          <p style={{ margin: '4px 0' }}>{t('confirmIntro')}</p>
          {asking.error ? (
            <p className="alert error">{t('openFailed', { error: asking.error })}</p>
          ) : !asking.open ? (
            <p className="muted">{t('countingOpen')}</p>
          ) : asking.open.total === 0 ? (
            <p data-testid="close-open-callbacks" data-total={0}>
              {t('openNone')}
            </p>
          ) : (
            <div data-testid="close-open-callbacks" data-total={asking.open.total}>
              <p style={{ margin: '4px 0' }}>{t('openSome', { total: asking.open.total, states: states(asking.open) })}</p>
              <ul style={{ margin: '4px 0' }}>
                {asking.open.units.map((u) => (
                  <li key={u.unitId ?? 'none'} data-testid="close-open-unit">
                    {t('openUnit', { unit: u.unitName ?? t('noUnit'), total: u.total, states: states(u) })}
                  </li>
                ))}
              </ul>
              <p style={{ margin: '4px 0' }}>{t('openMeaning')}</p>
            </div>
          )}
          <div className="row" style={{ display: 'flex', gap: 8, marginTop: 8 }}>
            <button type="button" className="primary" disabled={pending || (!asking.open && !asking.error)} data-testid="close-confirm-button" onClick={close}>
              {t('confirmButton')}
            </button>
            <button type="button" onClick={cancel}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
      {message && (
        <span className={`alert ${message.ok ? 'ok' : 'error'}`} role="status" data-testid="close-result">
          {message.text}
        </span>
      )}
    </span>
  );
}
