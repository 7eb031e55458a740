import { getFormatter, getTranslations } from 'next-intl/server';
import { weekdayRuns, windowsText } from '@/lib/callbacks/hours-text';
import type { DeskOverview } from '@/lib/callbacks/queries';

/** The agent's queue panel: what is due, what they did today, and why "take next" may refuse. */
export async function QueuePanel({ overview }: { overview: DeskOverview }) {
  const [t, format] = await Promise.all([getTranslations('callbacks.desk'), getFormatter()]);
  const stats: [string, number, string][] = [
    [t('dueNow'), overview.dueNow, 'desk-due-count'],
    [t('attemptsToday'), overview.today.calls, 'desk-attempts-today'],
    [t('reachedToday'), overview.today.answered, 'desk-reached-today'],
    [t('completedToday'), overview.today.completed, 'desk-completed-today'],
  ];
  // The hours themselves, in the reader's language (agents cannot open 外呼规则): 周一至周五 09:00–12:00、14:00–18:00.
  // 2024-01-01 was a Monday: ISO weekday d falls on January d.
  const dayName = (d: number) => format.dateTime(new Date(Date.UTC(2024, 0, d, 4)), { weekday: 'short', timeZone: 'UTC' });
  const runs = weekdayRuns(overview.callingHours.weekdays);
  const days =
    runs.length === 1 && runs[0][0] === 1 && runs[0][1] === 7
      ? t('everyDay')
      : runs.map(([from, to]) => (from === to ? dayName(from) : t('weekdayRange', { from: dayName(from), to: dayName(to) }))).join(t('listSeparator'));
  const hoursText = t('callingHours', { days, windows: windowsText(overview.callingHours.windows, t('listSeparator')) });
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
          <div className="small" data-testid="desk-calling-hours">
            {hoursText} {t('outsideHint')}
            {overview.callingHours.holidays && ` ${t('callingHoursHolidays')}`}
          </div>
        </div>
      )}
    </section>
  );
}
