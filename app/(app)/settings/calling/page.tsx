import { getLocale } from 'next-intl/server';
import { toFormValues } from '@/lib/callbacks/calling-form';
import { getCallingSettings } from '@/lib/callbacks/calling-settings';
import type { PolicyValue } from '@/lib/policy/definitions';
import { zoneName } from '@/lib/platform/time/zone-name';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PolicySettingsPage, type PolicyTranslator } from '../_components/policy-settings-page';
import { CallingRulesForm } from './calling-form';

/** 外呼规则: the calling policy in force, its history, and a form for a new version. */
export default async function CallingSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getCallingSettings({ ctx }));
  const summary = (v: PolicyValue<'calling'>, t: PolicyTranslator) => {
    const extra = [
      v.holidays.length > 0 ? t('holidaysCount', { count: v.holidays.length }) : null,
      v.makeUpWorkdays.length > 0 ? t('makeUpCount', { count: v.makeUpWorkdays.length }) : null,
    ].filter(Boolean);
    return (
      t('summaryText', {
        windows: v.windows.map((w) => `${w.start}–${w.end}`).join(', '),
        weekdays: v.weekdays.map((d) => t(`weekdayNames.${d}` as 'weekdayNames.1')).join(' '),
        attempts: v.maxAttempts,
        spacing: v.retrySpacingMinutes,
        halfDay: v.retryDifferentHalfDay ? t('halfDayOn') : '',
        cps: v.callsPerSecond,
        lease: v.leaseSeconds,
      }) +
      (extra.length > 0 ? `; ${extra.join('; ')}` : '') +
      (v.manualCallsAllowed ? t('manualOn') : '')
    );
  };
  const timeZone = zoneName(s.timeZone, await getLocale());
  return (
    <PolicySettingsPage
      policy={{ namespace: 'calling', testId: 'calling' }}
      settings={s}
      summary={summary}
      form={(latest) => <CallingRulesForm defaults={toFormValues(latest, s.tomorrow)} timeZone={timeZone} minDay={s.today} />}
    />
  );
}
