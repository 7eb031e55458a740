import { getFormatter, getTranslations } from 'next-intl/server';
import { getDisputeSettings, type DisputePolicy } from '@/lib/disputes/settings';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { DisputeRulesForm } from './dispute-rules-form';
import { FORM_RANGES, toFormValues, toMb } from './form-schema';

/** 申诉规则: the dispute policy in force, a version scheduled later, the history, and a form for a new version. */
export default async function DisputeSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getDisputeSettings({ ctx }));
  const [t, format] = await Promise.all([getTranslations('disputes.settings'), getFormatter()]);
  const summary = (v: DisputePolicy) =>
    t('summaryText', { windowDays: v.windowDays, responseWorkingDays: v.responseWorkingDays, maxAttachments: v.maxAttachments, maxMb: toMb(v.maxAttachmentBytes) });
  // The form starts from the latest version (scheduled or in force), effective tomorrow.
  const latest = s.upcoming?.value ?? s.inForce.value;

  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted small">{t('intro')}</p>
      <div className="card" data-testid="dispute-rules-in-force">
        <h2 style={{ marginTop: 0 }}>{s.inForce.version === 0 ? t('inForceDefault') : t('inForce', { version: s.inForce.version, from: s.inForce.effectiveFrom ?? '' })}</h2>
        <p style={{ margin: 0 }} data-testid="dispute-rules-summary">
          {summary(s.inForce.value)}
        </p>
        {s.upcoming && (
          <p className="alert warn" style={{ marginTop: 12 }} data-testid="dispute-rules-upcoming">
            {t('upcoming', { version: s.upcoming.version, from: s.upcoming.effectiveFrom })}: {summary(s.upcoming.value)}
          </p>
        )}
      </div>

      <DisputeRulesForm defaults={toFormValues(latest, s.tomorrow)} minDay={s.today} ranges={FORM_RANGES} />

      <h2>{t('history')}</h2>
      {s.history.length === 0 ? (
        <p className="muted">{t('noHistory')}</p>
      ) : (
        <table className="data" data-testid="dispute-rules-history">
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
              <tr key={h.version} data-testid="dispute-rules-version">
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
