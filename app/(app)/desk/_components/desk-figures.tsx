import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { getAgentDayAndMonth } from '@/lib/indicators/agent-desk';
import type { Ctx } from '@/lib/platform/core/context';
import { pageLoad } from '@/lib/web/page-guard';
import styles from './desk-figures.module.css';

interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

/** One figure: mine large, the department's below it. */
function Tile({ label, hint, mine, department, testId }: { label: string; hint?: string; mine: string; department: string; testId: string }) {
  return (
    <div className={styles.tile} title={hint} data-testid={testId}>
      <div className="muted small">{label}</div>
      <div className={styles.value} data-testid={`${testId}-mine`}>
        {mine}
      </div>
      <div className="muted small" data-testid={`${testId}-department`}>
        {department}
      </div>
    </div>
  );
}

/**
 * 我与部门: the agent's day and month against the department, a strip below "take next" (never
 * while a callback is held). Streams in after the desk (its page wraps it in Suspense), so reading
 * the month's figures never holds up taking the next callback.
 */
export async function DeskFigures({ ctx }: { ctx: Ctx }) {
  const [s, t, format] = await Promise.all([pageLoad(() => getAgentDayAndMonth({ ctx })), getTranslations('callbacks.myFigures'), getFormatter()]);
  const notMeasured = t('notMeasured');
  const count = (v: number | null) => (v === null ? notMeasured : format.number(v, { maximumFractionDigits: 1 }));
  const pct = (r: Rate) => (r.value === null ? notMeasured : format.number(r.value, { style: 'percent', maximumFractionDigits: 1 }));

  const m = s.month;
  const avg = (v: number | null) => t('department', { value: count(v) });
  const deptRate = (r: Rate) => t('departmentRate', { value: pct(r) });
  return (
    <section className={`card ${styles.strip}`} aria-label={t('title')} data-testid="desk-figures">
      <div className={styles.head}>
        <h2>{t('title')}</h2>
        <Link href={`/assessment/${m.month}/agents`} data-testid="desk-assessment-link">
          {t('assessmentLink')}
        </Link>
      </div>
      <div className={styles.when} data-testid="desk-figures-today">
        {t('today', { count: s.day.agentsWorking })}
      </div>
      <div className={styles.tiles}>
        <Tile label={t('placed')} mine={count(s.day.mine.placed)} department={avg(s.day.departmentAverage.placed)} testId="desk-day-placed" />
        <Tile label={t('answered')} mine={count(s.day.mine.answered)} department={avg(s.day.departmentAverage.answered)} testId="desk-day-answered" />
        <Tile label={t('finished')} hint={t('finishedHint')} mine={count(s.day.mine.finished)} department={avg(s.day.departmentAverage.finished)} testId="desk-day-finished" />
      </div>
      <div className={styles.when} data-testid="desk-figures-month">
        {t('month', { month: m.month, count: m.agentsWorking })}
      </div>
      <div className={styles.tiles}>
        <Tile label={t('finished')} hint={t('finishedHint')} mine={count(m.finished.mine)} department={avg(m.finished.department)} testId="desk-month-finished" />
        <Tile label={t('contactRate')} hint={t('contactRateHint')} mine={pct(m.contactRate.mine)} department={deptRate(m.contactRate.department)} testId="desk-month-contact" />
        <Tile label={t('withinDeadline')} hint={t('withinDeadlineHint')} mine={pct(m.withinDeadline.mine)} department={deptRate(m.withinDeadline.department)} testId="desk-month-deadline" />
        <Tile label={t('callsPerHour')} hint={t('callsPerHourHint')} mine={count(m.callsPerHour.mine)} department={t('departmentRate', { value: count(m.callsPerHour.department) })} testId="desk-month-calls-per-hour" />
      </div>
      <p className="muted small" style={{ margin: '8px 0 0' }} data-testid="desk-callback-rate">
        {t('callbackRate', { value: pct(m.departmentCallbackRate.rate), finished: m.departmentCallbackRate.finished, due: m.departmentCallbackRate.due })}
      </p>
    </section>
  );
}
