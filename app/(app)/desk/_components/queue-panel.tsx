import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { callingHoursSentence, weekdayName } from '@/lib/callbacks/hours-text';
import type { DeskOverview } from '@/lib/callbacks/queries';

/** The agent's queue panel: what is due, what they did today, and why "take next" may refuse. */
export async function QueuePanel({ overview }: { overview: DeskOverview }) {
  const [t, format, locale] = await Promise.all([getTranslations('callbacks.desk'), getFormatter(), getLocale()]);
  const stats: [string, number, string][] = [
    [t('dueNow'), overview.dueNow, 'desk-due-count'],
    [t('attemptsToday'), overview.today.calls, 'desk-attempts-today'],
    [t('reachedToday'), overview.today.answered, 'desk-reached-today'],
    [t('completedToday'), overview.today.completed, 'desk-completed-today'],
  ];
  // The hours themselves, in the reader's language (agents cannot open 外呼规则).
  const hoursText = callingHoursSentence(overview.callingHours, (key, params) => t(key, params), (d) => weekdayName(d, locale));
  return (
    <section aria-label={t('panel')}>
      <div className="row" style={{ alignItems: 'stretch', marginBottom: 12 }}>
        {stats.map(([label, value, testId]) => (
          <div key={testId} className="card" style={{ margin: 0, padding: '12px 16px', minWidth: 140 }}>
            <div className="muted small">{label}</div>
            <div style={{ fontSize: 24, fontWeight: 600 }} data-testid={testId}>
              {value}
            </div>
          </div>
        ))}
      </div>
      {overview.paused && (
        <div className="alert warn" role="status" data-testid="desk-paused" style={{ marginBottom: 12 }}>
          <strong>{t('paused', { reason: overview.pauseReason || '—' })}</strong>
          <div className="small">{t('pausedHint')}</div>
        </div>
      )}
      {!overview.withinHours && (
        <div className="alert warn" role="status" data-testid="desk-outside-hours" style={{ marginBottom: 12 }}>
          <strong>
            {overview.nextOpening
              ? t('outsideHours', { opening: format.dateTime(overview.nextOpening, { dateStyle: 'full', timeStyle: 'short' }) })
              : t('noOpening')}
          </strong>
          {/* The hours on a line of their own: "…09:00–10:00" ran on into the hint without a stop. */}
          <div className="small" data-testid="desk-calling-hours">
            {hoursText}
          </div>
          <div className="small">
            {t('outsideHint')}
            {overview.callingHours.holidays && ` ${t('callingHoursHolidays')}`}
          </div>
        </div>
      )}
    </section>
  );
}
