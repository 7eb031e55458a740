import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { Chart, type ChartOption } from '@/app/_components/chart';
import { FiguresTable } from '@/app/_components/figures-table';
import { Pager } from '@/app/_components/pager';
import type { getUnitDashboard } from '@/lib/unit/dashboard';
import type { PaceSort } from '@/lib/unit/rules';
import { chartPercent, pct } from '@/app/_components/percent';
import styles from '../unit.module.css';

type Dashboard = Awaited<ReturnType<typeof getUnitDashboard>>;
interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

const pctValue = (r: Rate) => chartPercent(r.value);
/** A margin in whole visits with its sign: +2 ahead, −1 behind. */
const signed = (x: number) => (x === 0 ? '0' : `${x > 0 ? '+' : '−'}${Math.abs(x)}`);
const GRID = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };

function RateCell({ rate, notMeasured, testId }: { rate: Rate; notMeasured: string; testId?: string }) {
  return (
    <span data-testid={testId} data-value={rate.value ?? ''} title={`${rate.numerator}/${rate.denominator}`}>
      {rate.value === null ? <span className="muted">{notMeasured}</span> : pct(rate.value)}
    </span>
  );
}

function Gap({ gap, notMeasured, testId }: { gap: number | null; notMeasured: string; testId?: string }) {
  if (gap === null)
    return (
      <span className="muted" data-testid={testId}>
        {notMeasured}
      </span>
    );
  return (
    <span data-testid={testId} className={gap < 0 ? styles.behindText : gap > 0 ? styles.aheadText : undefined}>
      {signed(gap)}
    </span>
  );
}

function SortLink({ href, current, label, title, testId }: { href: string; current: 'asc' | 'desc' | null; label: string; title: string; testId: string }) {
  return (
    <Link href={href} className={styles.sort} aria-current={current ? 'true' : undefined} title={title} data-testid={testId}>
      {label}
      {current === 'asc' ? ' ▲' : current === 'desc' ? ' ▼' : ''}
    </Link>
  );
}

/**
 * 单元看板 above the unit view's tables: the month at a glance, each manager's coverage pace
 * (sortable, worst first), the valid rate and points over seven months with their tables one
 * click away, and the customers still uncovered, a page at a time.
 */
export async function UnitDashboard({ d }: { d: Dashboard }) {
  const t = await getTranslations('unit.dashboard');
  const tu = await getTranslations('unit');
  const ta = await getTranslations('assessment');
  const notMeasured = t('notMeasured');
  const base = { month: d.month, unitId: d.unitLocked ? undefined : d.unit?.id };

  const sortHref = (sort: PaceSort) => {
    const dir = d.sort === sort && d.direction === 'asc' ? 'desc' : 'asc';
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...base, sort, dir })) if (v) query.set(k, v);
    return `/unit?${query.toString()}#unit-pace`;
  };
  const sortHeader = (sort: PaceSort, label: string) => (
    <SortLink href={sortHref(sort)} current={d.sort === sort ? d.direction : null} label={label} title={t('paceSortBy', { column: label })} testId={`unit-pace-sort-${sort}`} />
  );
  const ariaSort = (sort: PaceSort) => (d.sort === sort ? (d.direction === 'asc' ? 'ascending' : 'descending') : undefined);

  const p = d.pace;
  const tiles: [string, React.ReactNode, string][] = [
    [t('tiles.pace'), <>{p.done} / {p.expected === null ? notMeasured : p.expected}</>, 'unit-tile-pace'],
    [t('tiles.behind'), p.behind, 'unit-tile-behind'],
    [t('tiles.validRate'), <RateCell key="rate" rate={p.validRate} notMeasured={notMeasured} />, 'unit-tile-valid-rate'],
    [t('tiles.points'), p.points, 'unit-tile-points'],
    [t('tiles.uncovered'), d.uncovered.total, 'unit-tile-uncovered'],
  ];

  const months = d.trend.months;
  const validOption: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: GRID,
    xAxis: { type: 'category', data: [...months] },
    yAxis: { type: 'value', max: 100 },
    series: [{ name: t('unitTotal'), type: 'line', connectNulls: false, data: d.trend.unit.map((m) => pctValue(m.validRate)) }],
  };
  const pointsOption: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: GRID,
    xAxis: { type: 'category', data: [...months] },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: t('unitTotal'), type: 'line', data: d.trend.unit.map((m) => m.points) }],
  };
  const monthColumns = months.map((m) => ({ header: m, num: true }));
  const trendRows = (cell: (point: Dashboard['trend']['unit'][number]) => React.ReactNode) => [
    { key: 'unit', testId: 'unit-trend-total', cells: [<strong key="name">{t('unitTotal')}</strong>, ...d.trend.unit.map((m) => <strong key={m.month}>{cell(m)}</strong>)] },
    ...d.trend.managers.map((m) => ({ key: m.managerId, testId: 'unit-trend-manager', cells: [m.displayName, ...m.months.map((x) => <span key={x.month}>{cell(x)}</span>)] })),
  ];

  return (
    <div data-testid="unit-dashboard">
      <h2>{t('dashboardTitle')}</h2>
      <p className="muted small" data-testid="unit-as-of">
        {t('asOf', { today: d.today, elapsed: p.elapsedDays, days: p.daysInMonth })}
      </p>
      <div className={styles.tiles}>
        {tiles.map(([label, value, testId]) => (
          <div key={testId} className="card">
            <div className="muted small">{label}</div>
            <div className={styles.tileValue} data-testid={testId}>
              {value}
            </div>
          </div>
        ))}
      </div>

      <div className="card" id="unit-pace">
        <h3>{t('paceTitle')}</h3>
        <p className="muted small" data-testid="unit-pace-hint">
          {t('paceHint')}
        </p>
        {d.paceRows.length === 0 ? (
          <p className="muted">{tu('noManagers')}</p>
        ) : (
          <div className={styles.scroll}>
            <table className="data" data-testid="unit-pace">
              <thead>
                <tr>
                  <th aria-sort={ariaSort('name')}>
                    {sortHeader('name', tu('manager'))}
                  </th>
                  <th className="num">{t('required')}</th>
                  <th className="num">{t('done')}</th>
                  <th className="num">{t('expected')}</th>
                  <th className="num" aria-sort={ariaSort('gap')}>
                    {sortHeader('gap', t('gap'))}
                  </th>
                  <th className="num" aria-sort={ariaSort('validRate')}>
                    {sortHeader('validRate', tu('validRate'))}
                  </th>
                  <th className="num" aria-sort={ariaSort('points')}>
                    {sortHeader('points', tu('points'))}
                  </th>
                  <th className="num">{t('uncoveredCount')}</th>
                </tr>
              </thead>
              <tbody>
                {d.paceRows.map((m) => (
                  <tr key={m.managerId} data-testid="unit-pace-row" data-manager={m.username} data-gap={m.gap ?? ''}>
                    <td>
                      <Link href={`/assessment/${d.month}/managers/${m.managerId}`}>{m.displayName}</Link>
                      {!m.active && <span className="badge"> {tu('inactive')}</span>}
                      {m.required > 0 && (
                        <div className={styles.bar} title={`${m.done}/${m.required} · ${t('expected')} ${m.expected ?? 0}`} aria-hidden>
                          <div className={`${styles.fill} ${(m.gap ?? 0) < 0 ? styles.behind : ''}`} style={{ width: `${Math.min(100, (m.done / m.required) * 100)}%` }} />
                          <div className={styles.mark} style={{ left: `${m.share * 100}%` }} />
                        </div>
                      )}
                    </td>
                    <td className="num">{m.required}</td>
                    <td className="num">{m.done}</td>
                    <td className="num">{m.expected === null ? <span className="muted">{notMeasured}</span> : m.expected}</td>
                    <td className="num">
                      <Gap gap={m.gap} notMeasured={notMeasured} testId="unit-pace-gap" />
                    </td>
                    <td className="num">
                      <RateCell rate={m.validRate} notMeasured={notMeasured} testId="unit-pace-valid-rate" />
                    </td>
                    <td className="num">{m.points}</td>
                    <td className="num">{m.uncovered}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <h3>{t('trendTitle')}</h3>
      <p className="muted small">{t('trendHint', { first: months[0], last: months.at(-1)! })}</p>
      <div className={styles.grid}>
        <div className="card">
          <h3>{t('validTrend')}</h3>
          {d.trend.unit.every((m) => m.validRate.value === null) ? (
            // Nothing judged in any of the months: a sentence, not empty axes (a measured 0 % is drawn).
            <p className="muted" data-testid="chart-unit-valid-empty">
              {t('validTrendEmpty')}
            </p>
          ) : (
            <Chart option={validOption} label={`${t('validTrend')} · ${t('unitTotal')}`} percent notMeasured={notMeasured} testId="chart-unit-valid" />
          )}
          <details className={styles.table} data-testid="table-unit-valid">
            <summary>{t('showTable')}</summary>
            <div className={styles.scroll}>
              <FiguresTable columns={[{ header: tu('manager') }, ...monthColumns]} rows={trendRows((x) => <RateCell rate={x.validRate} notMeasured={notMeasured} />)} />
            </div>
          </details>
        </div>
        <div className="card">
          <h3>{t('pointsTrend')}</h3>
          <Chart option={pointsOption} label={`${t('pointsTrend')} · ${t('unitTotal')}`} notMeasured={notMeasured} testId="chart-unit-points" />
          <details className={styles.table} data-testid="table-unit-points">
            <summary>{t('showTable')}</summary>
            <div className={styles.scroll}>
              <FiguresTable columns={[{ header: tu('manager') }, ...monthColumns]} rows={trendRows((x) => x.points)} />
            </div>
          </details>
        </div>
      </div>

      <div className="card" id="unit-uncovered">
        <h3>{t('uncoveredTitle')}</h3>
        <p className="muted small">{t('uncoveredHint')}</p>
        {d.uncovered.total === 0 ? (
          <p className="muted" data-testid="unit-uncovered-empty">
            {t('uncoveredEmpty')}
          </p>
        ) : (
          <>
            <div className={styles.scroll}>
              <FiguresTable
                testId="unit-uncovered"
                columns={[{ header: t('customer') }, { header: t('customerClass') }, { header: tu('manager') }, { header: t('stillNeeds') }]}
                rows={d.uncovered.rows.map((c) => ({
                  key: `${c.managerId}|${c.customerId}`,
                  testId: 'unit-uncovered-row',
                  cells: [
                    <>
                      {c.name} <span className="muted small">{c.groupCode}</span>
                    </>,
                    c.customerClass,
                    c.managerName,
                    c.gaps.map((g) => ta(`requirement.${g}`)).join('、'),
                  ],
                }))}
              />
            </div>
            {d.uncovered.total > d.uncovered.pageSize && (
              <Pager path="/unit" params={{ ...base, sort: d.sort, dir: d.direction }} page={d.uncovered.page} pageSize={d.uncovered.pageSize} total={d.uncovered.total} label={t('uncoveredPages')} hash="#unit-uncovered" />
            )}
          </>
        )}
      </div>
    </div>
  );
}
