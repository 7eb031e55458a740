import { getFormatter, getTranslations } from 'next-intl/server';
import { toFormValues } from '@/lib/callbacks/calling-form';
import { getCallingSettings } from '@/lib/callbacks/calling-settings';
import type { PolicyValue } from '@/lib/policy/definitions';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CallingRulesForm } from './calling-form';

/** 外呼规则: the calling policy in force, its history, and a form for a new version. */
export default async function CallingSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getCallingSettings({ ctx }));
  const [t, format] = await Promise.all([getTranslations('calling'), getFormatter()]);
  const summary = (v: PolicyValue<'calling'>) => {
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
  // The form starts from the latest version (scheduled or in force), effective tomorrow.
  const latest = s.upcoming?.value ?? s.inForce.value;

  return (
    <section>
      <h1>{t('title')}</h1>
      <div className="card" data-testid="calling-in-force">
        <h2 style={{ marginTop: 0 }}>
          {s.inForce.version === 0 ? t('inForceDefault') : t('inForce', { version: s.inForce.version, from: s.inForce.effectiveFrom ?? '' })}
        </h2>
        <p style={{ margin: 0 }}>{summary(s.inForce.value)}</p>
        {s.upcoming && (
          <p className="alert warn" style={{ marginTop: 12 }} data-testid="calling-upcoming">
            {t('upcoming', { version: s.upcoming.version, from: s.upcoming.effectiveFrom })}: {summary(s.upcoming.value)}
          </p>
        )}
      </div>

      <CallingRulesForm defaults={toFormValues(latest, s.tomorrow)} timeZone={s.timeZone} minDay={s.today} />

      <h2>{t('history')}</h2>
      {s.history.length === 0 ? (
        <p className="muted">{t('noHistory')}</p>
      ) : (
        <table className="data" data-testid="calling-history">
          <thead>
            <tr>
              <th className="num">{t('version')}</th>
              <th>{t('fields.effectiveFrom')}</th>
              <th>{t('summary')}</th>
              <th>{t('fields.note')}</th>
              <th>{t('createdAt')}</th>
            </tr>
          </thead>
          <tbody>
            {s.history.map((h) => (
              <tr key={h.version}>
                <td className="num">{h.version}</td>
                <td>{h.effectiveFrom}</td>
                <td>{summary(h.value)}</td>
                <td>{h.note || '—'}</td>
                <td>
                  {format.dateTime(h.createdAt, { dateStyle: 'short', timeStyle: 'short' })}
                  {h.createdBy ? ` · ${h.createdBy}` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
