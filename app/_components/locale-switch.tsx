'use client';

import { useLocale } from 'next-intl';
import { useRefreshingAction } from './action-button';
import { setLocale } from './locale-actions';

export function LocaleSwitch() {
  const locale = useLocale();
  const { pending, run } = useRefreshingAction();
  const next = locale === 'en' ? 'zh-CN' : 'en';
  return (
    <button
      type="button"
      className="link-button"
      disabled={pending}
      data-testid="locale-switch"
      onClick={() => run(() => setLocale(next))}
    >
      {next === 'en' ? 'English' : '中文'}
    </button>
  );
}
