import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { callingHoursSentence, weekdayName } from '@/lib/callbacks/hours-text';
import type { DeskOverview } from '@/lib/callbacks/queries';
import { StatTiles } from '@/app/_components/stat-tiles';

/** The agent's queue panel: what is due, what they did today, and why "take next" may refuse. */
export async function QueuePanel({ overview }: { overview: DeskOverview }) {
  const [t, format, locale] = await Promise.all([getTranslations('callbacks.desk'), getFormatter(), getLocale()]);
  const stats = [
    { label: t('dueNow'), value: overview.dueNow, testId: 'desk-due-count' },
    { label: t('attemptsToday'), value: overview.today.calls, testId: 'desk-attempts-today' },
    { label: t('reachedToday'), value: overview.today.answered, testId: 'desk-reached-today' },
    { label: t('completedToday'), value: overview.today.completed, testId: 'desk-completed-today' },
  ];
  // The hours themselves, in the reader's language (agents cannot open 外呼规则).
  const hoursText = callingHoursSentence(overview.callingHours, (key, params) => t(key, params), (d) => weekdayName(d, locale));
  return (
    <section aria-label={t('panel')}>
      <StatTiles tiles={stats} minWidth={140} gapBelow={12} />
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
