'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, useTransition } from 'react';
import { takeNextAction } from '../actions';

/**
 * "Take next callback": the server hands out the highest-priority due task, or says why not.
 * Keyboard: N anywhere on the desk (outside a text field); `autoFocus` (after a submit) puts the
 * focus on the button so Enter takes the next one as well.
 */
export function TakeNextButton({ autoFocus = false }: { autoFocus?: boolean }) {
  const t = useTranslations('callbacks.desk');
  const td = useTranslations('desk.result');
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'info' | 'error'; text: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const button = useRef<HTMLButtonElement>(null);

  const take = () =>
    startTransition(async () => {
      setMessage(null);
      const result = await takeNextAction({});
      if (!result.ok) return setMessage({ kind: 'error', text: result.error });
      if (result.data.status === 'none') return setMessage({ kind: 'info', text: t('none') });
      // Outside calling hours: the panel above says so with the hours (a page opened earlier gets it now).
      if (result.data.status === 'outsideHours') return router.refresh();
      // The desk opens the callback now held; the old "done" view goes with the query.
      router.replace('/desk');
      router.refresh();
    });
  const takeRef = useRef(take);
  useEffect(() => {
    takeRef.current = take;
  });

  useEffect(() => {
    if (autoFocus) button.current?.focus();
  }, [autoFocus]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'n' && event.key !== 'N') return;
      if (event.altKey || event.ctrlKey || event.metaKey || event.repeat) return;
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      event.preventDefault();
      if (!button.current?.disabled) takeRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  return (
    <div className="card">
      <button type="button" ref={button} className="primary" onClick={take} disabled={pending} data-testid="desk-take" aria-keyshortcuts="N" style={{ fontSize: 16, padding: '10px 24px' }}>
        {pending ? t('taking') : t('take')} <kbd>N</kbd>
      </button>
      <span className="muted small" style={{ marginLeft: 12 }}>
        {td('takeNextHint')}
      </span>
      {message && (
        <p className={`alert ${message.kind === 'error' ? 'error' : 'warn'}`} role="alert" data-testid="desk-message" style={{ marginTop: 12 }}>
          {message.text}
        </p>
      )}
    </div>
  );
}
