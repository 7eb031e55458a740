import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { Chart, type ChartOption } from '@/app/_components/chart';
import { FiguresTable } from '@/app/_components/figures-table';
import type { MyMonthDashboard } from '@/lib/coverage/my-month';
import { OPEN_UP_TO } from './month-section';
import { chartPercent } from '@/app/_components/percent';
import styles from './my-dashboard.module.css';

/**
 * The top of 我的本月: where the manager stands against the month (done against what is expected by
 * today, on a bar with the expected mark), the customers still to cover with what each needs, and
 * their valid rate and points over seven months (a chart, its table one tap away). Fits 390 px.
 */
export async function MyPace({ d }: { d: MyMonthDashboard }) {
  const [t, format] = await Promise.all([getTranslations('assessment.myDashboard.pace'), getFormatter()]);
  const p = d.pace;
  const share = format.number(p.elapsedShare, { style: 'percent', maximumFractionDigits: 0 });
  const sentence =
    p.status === 'not_measured'
      ? t('notMeasured')
      : d.monthOver
        ? t('past', { month: d.month, expected: p.expected, done: p.done })
        : p.elapsedDays === 0
          ? t('future', { month: d.month, required: p.required })
          : t('current', { share, expected: p.expected, done: p.done });
  const pct = (n: number) => `${Math.min(100, Math.max(0, n * 100)).toFixed(1)}%`;
  const tone = p.status === 'done' ? 'ok' : p.status === 'behind' ? 'warn' : 'info';
  return (
    <div className="card" data-testid="my-pace" data-status={p.status} data-expected={p.expected} data-done={p.done} data-required={p.required}>
      <h2 style={{ marginTop: 0 }}>{t('title')}</h2>
      <p className={styles.sentence} data-testid="pace-sentence">
        {sentence}{' '}
        {p.status !== 'not_measured' && p.elapsedDays > 0 && (
          <span className={`badge ${tone}`} data-testid="pace-status">
            {t(`status.${p.status}`, { gap: p.gap })}
          </span>
        )}
      </p>
      {p.status !== 'not_measured' && (
        <>
          <div className={styles.bar} role="img" aria-label={`${t('of', { done: p.done, required: p.required })} · ${t('expectedMark', { expected: p.expected })}`} data-testid="pace-bar">
            <div className={`${styles.fill} ${p.status === 'behind' ? styles.behind : p.status === 'done' ? styles.done : ''}`} style={{ width: pct(p.done / p.required) }} />
            {p.elapsedDays > 0 && <div className={styles.mark} style={{ left: pct(p.elapsedShare) }} data-testid="pace-mark" />}
          </div>
          <div className={`${styles.legend} muted small`}>
            <span>{t('of', { done: p.done, required: p.required })}</span>
            {p.elapsedDays > 0 && <span>▏{t('expectedMark', { expected: p.expected })}</span>}
          </div>
        </>
      )}
    </div>
  );
}

/** One customer still to cover: name, group code and class, and what it needs. */
function StillRow({ c, requirement }: { c: MyMonthDashboard['stillRequired'][number]; requirement: (r: string) => string }) {
  return (
    <li data-testid="still-required-row" data-gaps={c.gaps.join(' ')}>
      <span className={styles.name}>{c.name}</span>
      <span className="muted small">
        {c.groupCode} · {c.customerClass}
      </span>
      {c.gaps.map((r) => (
        <span key={r} className="badge warn">
          {requirement(r)}
        </span>
      ))}
    </li>
  );
}

export async function StillRequired({ d }: { d: MyMonthDashboard }) {
  const [t, ta] = await Promise.all([getTranslations('assessment.myDashboard.still'), getTranslations('assessment')]);
  const gaps = d.stillRequired.reduce((n, c) => n + c.gaps.length, 0);
  return (
    <div className="card" data-testid="still-required" data-rows={d.stillRequired.length}>
      <div className="row space-between">
        <h2 style={{ margin: 0 }}>{t('title')}</h2>
        {!d.monthOver && d.stillRequired.length > 0 && <Link href="/visits/new">{t('report')}</Link>}
      </div>
      {d.customers.length === 0 ? (
        <p className="muted">{t('noCustomers')}</p>
      ) : d.stillRequired.length === 0 ? (
        <p className="muted" data-testid="still-required-none">
          {t('none')}
        </p>
      ) : (
        <>
          <p className="muted small" data-testid="still-required-summary">
            {t('summary', { count: d.stillRequired.length, gaps })}
          </p>
          <ul className={styles.list}>
            {d.stillRequired.slice(0, OPEN_UP_TO).map((c) => (
              <StillRow key={c.customerId} c={c} requirement={(r) => ta(`requirement.${r}`)} />
            ))}
          </ul>
          {d.stillRequired.length > OPEN_UP_TO && (
            <details data-testid="still-required-more">
              <summary style={{ cursor: 'pointer', minHeight: 32 }}>{t('more', { count: d.stillRequired.length - OPEN_UP_TO })}</summary>
              <ul className={styles.list}>
                {d.stillRequired.slice(OPEN_UP_TO).map((c) => (
                  <StillRow key={c.customerId} c={c} requirement={(r) => ta(`requirement.${r}`)} />
                ))}
              </ul>
            </details>
          )}
        </>
      )}
    </div>
  );
}

export async function MyTrend({ d }: { d: MyMonthDashboard }) {
  const [t, format] = await Promise.all([getTranslations('assessment.myDashboard.trend'), getFormatter()]);
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: d.trend.map((m) => m.month.slice(2)) },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      { type: 'value', min: 0, splitLine: { show: false } },
    ],
    series: [
      { name: t('validRate'), type: 'line', yAxisIndex: 0, connectNulls: false, data: d.trend.map((m) => chartPercent(m.validRate)) },
      { name: t('points'), type: 'line', yAxisIndex: 1, connectNulls: false, data: d.trend.map((m) => m.points) },
    ],
  };
  const rateText = (v: number | null) => (v === null ? <span className="muted">{t('notMeasured')}</span> : format.number(v, { style: 'percent', maximumFractionDigits: 1 }));
  return (
    <div className="card" data-testid="my-trend">
      <h2 style={{ marginTop: 0 }}>{t('title')}</h2>
      <p className="muted small">{t('hint')}</p>
      {d.trend.every((m) => m.validRate === null && m.points === null) ? (
        // Seven months with nothing judged and no points: a sentence, not empty axes.
        <p className="muted" data-testid="my-trend-empty">
          {t('empty')}
        </p>
      ) : (
        <Chart option={option} label={t('title')} notMeasured={t('notMeasured')} height={240} testId="my-trend-chart" />
      )}
      <details className={styles.table} data-testid="my-trend-table">
        <summary>{t('showTable')}</summary>
        <FiguresTable
          columns={[{ header: t('month') }, { header: t('valid'), num: true }, { header: t('invalid'), num: true }, { header: t('validRate'), num: true }, { header: t('points'), num: true }]}
          rows={d.trend.map((m) => ({
            key: m.month,
            testId: `my-trend-${m.month}`,
            cells: [
              m.month,
              m.valid,
              m.invalid,
              <span key="rate" data-testid="my-trend-rate">
                {rateText(m.validRate)}
              </span>,
              <span key="points" data-testid="my-trend-points">
                {m.points === null ? <span className="muted">{t('noPoints')}</span> : m.points}
              </span>,
            ],
          }))}
        />
      </details>
    </div>
  );
}
