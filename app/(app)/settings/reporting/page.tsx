import { getFormatter, getTranslations } from 'next-intl/server';
import { toReportingFormValues } from '@/lib/visits/reporting-settings-schema';
import { getReportingSettings, type ReportingPolicy } from '@/lib/visits/reporting-settings';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { ReportingRulesForm } from './reporting-rules-form';

/** 填报规则: the reporting policy in force, a version scheduled later, the history, and a form for a new version. */
export default async function ReportingSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getReportingSettings({ ctx }));
  const [t, format] = await Promise.all([getTranslations('visits.reportingSettings'), getFormatter()]);
  const summary = (v: ReportingPolicy) =>
    t('summaryText', { hours: v.reportDeadlineHours, contacts: v.minContactsAB, lateBackfill: t(`lateBackfill.${v.lateBackfill}`) });
  const latest = s.upcoming?.value ?? s.inForce.value;

  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted small">{t('intro')}</p>
      <div className="card" data-testid="reporting-rules-in-force">
        <h2 style={{ marginTop: 0 }}>{s.inForce.version === 0 ? t('inForceDefault') : t('inForce', { version: s.inForce.version, from: s.inForce.effectiveFrom ?? '' })}</h2>
        <p style={{ margin: 0 }} data-testid="reporting-rules-summary">
          {summary(s.inForce.value)}
        </p>
        {s.upcoming && (
          <p className="alert warn" style={{ marginTop: 12 }} data-testid="reporting-rules-upcoming">
            {t('upcoming', { version: s.upcoming.version, from: s.upcoming.effectiveFrom })}: {summary(s.upcoming.value)}
          </p>
        )}
      </div>

      <ReportingRulesForm defaults={toReportingFormValues(latest, s.tomorrow)} minDay={s.today} ranges={s.ranges} />

      <h2>{t('history')}</h2>
      {s.history.length === 0 ? (
        <p className="muted">{t('noHistory')}</p>
      ) : (
        <table className="data" data-testid="reporting-rules-history">
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
              <tr key={h.version} data-testid="reporting-rules-version">
                <td className="num">
                  {h.version}
                  {h.inForce && <span className="badge ok"> {t('inForceBadge')}</span>}
                </td>
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
