import { getFormatter, getTranslations } from 'next-intl/server';
import { Chart, type ChartOption } from '@/app/_components/chart';
import { getStaffDashboard, staffDashboardInput } from '@/lib/indicators/dashboard';
import { rate as rateOf } from '@/lib/indicators/rate';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { reportsCtx } from '@/lib/web/session';
import styles from './dashboard.module.css';
import { ExportLinks } from '@/app/_components/export-links';
import { FiguresTable } from '@/app/_components/figures-table';
import { chartPercent, pct } from '@/app/_components/percent';

type SearchParams = Record<string, string | string[] | undefined>;
interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

/** A rate as a chart value: a percentage with one decimal, or a gap when not measured. */
const pctValue = (r: Rate) => chartPercent(r.value);

const GRID = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };

/**
 * Whether a chart would have nothing to draw: counts all 0, rates all not measured (a measured 0 %
 * is a figure and is drawn). Such a chart is replaced by a sentence saying so, not drawn as bands
 * or bars of nothing.
 */
const noCounts = (counts: number[]) => counts.every((n) => n === 0);
const noRates = (rates: Rate[]) => rates.every((r) => r.value === null);

/** 回访看板: what staff read first — today's work, the month's progress and quality, the trend, the worst first. */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('staff', 'admin');
  const sp = await searchParams;
  const asked = typeof sp.month === 'string' ? sp.month : undefined;
  // A month that is not one reads as the month in progress, as a filter left blank.
  const input = staffDashboardInput.safeParse({ month: asked }).success ? { month: asked } : {};
  // Figures only, read a second late at worst: from the read replica when one is configured.
  const [d, t, format] = await Promise.all([pageLoad(() => getStaffDashboard({ ctx: reportsCtx(ctx), input })), getTranslations('dashboard'), getFormatter()]);
  const notMeasured = t('notMeasured');

  function RateCell({ rate, testId }: { rate: Rate; testId?: string }) {
    return (
      <span data-testid={testId} title={t('kpi.counts', { numerator: rate.numerator, denominator: rate.denominator })}>
        {rate.value === null ? <span className="muted">{notMeasured}</span> : pct(rate.value)}
      </span>
    );
  }
  function Empty({ testId, text }: { testId: string; text: string }) {
    return (
      <p className="muted" data-testid={testId}>
        {text}
      </p>
    );
  }
  function DataTable({ testId, children }: { testId: string; children: React.ReactNode }) {
    return (
      <details className={styles.table} data-testid={testId}>
        <summary>{t('showTable')}</summary>
        {children}
      </details>
    );
  }

  const q = d.today.queue;
  const tiles: [string, number, string, string?][] = [
    [t('today.ready'), q.ready, 'dash-ready'],
    [t('today.waiting'), q.waiting, 'dash-waiting', t('today.waitingHint', { scheduled: q.scheduled, appointments: q.appointments })],
    [t('today.held'), q.held, 'dash-held'],
    [t('today.finishedToday'), q.finishedToday, 'dash-finished-today'],
    [t('today.agentsOnline'), d.today.agentsOnline.length, 'dash-agents-online', t('today.agentsOnlineHint', { worked: d.today.agentsWorkedToday })],
  ];

  const hours = d.today.callsByHour;
  const callsOption: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: GRID,
    xAxis: { type: 'category', data: hours.map((h) => String(h.hour)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('today.placed'), type: 'bar', data: hours.map((h) => h.placed) },
      { name: t('today.answered'), type: 'bar', data: hours.map((h) => h.answered) },
    ],
  };

  const stages = (['sampled', 'attempted', 'reached', 'verdict'] as const).map((key) => ({ key, label: t(`funnel.${key}`), count: d.funnel[key] }));
  const funnelOption: ChartOption = {
    tooltip: { trigger: 'item' },
    series: [
      {
        name: t('funnel.title', { month: d.month }),
        type: 'funnel',
        sort: 'none',
        left: '5%',
        width: '90%',
        top: 8,
        bottom: 8,
        minSize: '8%',
        label: { position: 'inside', formatter: '{b}\n{c}' },
        data: stages.map((s) => ({ name: s.label, value: s.count })),
      },
    ],
  };

  const unitsOption: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: GRID,
    xAxis: { type: 'category', data: d.units.map((u) => u.unitName), axisLabel: { interval: 0, rotate: d.units.length > 4 ? 30 : 0 } },
    yAxis: { type: 'value', max: 100 },
    series: [
      { name: t('units.validRate'), type: 'bar', data: d.units.map((u) => pctValue(u.validRate)) },
      { name: t('units.callbackRate'), type: 'bar', data: d.units.map((u) => pctValue(u.callbackRate.rate)) },
    ],
  };

  const trendOption: ChartOption = {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: GRID,
    xAxis: { type: 'category', data: d.trend.map((m) => m.month) },
    yAxis: { type: 'value', max: 100 },
    series: [
      { name: t('kpi.callbackRate'), type: 'line', connectNulls: false, data: d.trend.map((m) => pctValue(m.callbackRate.rate)) },
      { name: t('kpi.validRate'), type: 'line', connectNulls: false, data: d.trend.map((m) => pctValue(m.validRate)) },
      { name: t('kpi.rr1'), type: 'line', connectNulls: false, data: d.trend.map((m) => pctValue(m.rr1)) },
    ],
  };

  const kpis: [string, string, Rate, Rate, string][] = [
    [t('kpi.callbackRate'), t('kpi.callbackRateHint'), d.department.callbackRate.rate, d.previous.callbackRate, 'kpi-callback-rate'],
    [t('kpi.validRate'), t('kpi.validRateHint'), d.department.validRate, d.previous.validRate, 'kpi-valid-rate'],
    [t('kpi.rr1'), t('kpi.rr1Hint'), d.department.rr1, d.previous.rr1, 'kpi-rr1'],
  ];

  return (
    <section>
      <h1>{t('title')}</h1>
      <p className="muted small">
        {t('intro', { month: d.month })} {t('asOf', { time: format.dateTime(d.asOf, { dateStyle: 'short', timeStyle: 'short' }) })}
      </p>
      <form method="get" action="/dashboard" className="toolbar" data-testid="dashboard-filters">
        <label>
          {t('month')}
          <input type="month" name="month" defaultValue={d.month} max={d.thisMonth} />
        </label>
        <button type="submit">{t('show')}</button>
      </form>

      <h2>{t('today.title', { day: d.today.day })}</h2>
      <div className={styles.tiles}>
        {tiles.map(([label, value, testId, hint]) => (
          <div key={testId} className="card" title={hint}>
            <div className="muted small">{label}</div>
            <div className={styles.tileValue} data-testid={testId}>
              {value}
            </div>
            {hint && <div className="muted small">{hint}</div>}
          </div>
        ))}
      </div>
      <p className="muted small" data-testid="dash-online-names">
        {t('today.agentsOnline')}：{d.today.agentsOnline.length ? d.today.agentsOnline.join('、') : t('today.nobodyOnline')}
      </p>

      <div className="card">
        <h3>{t('today.callsTitle')}</h3>
        <p className="muted small">{t('today.callsHint')}</p>
        {noCounts(hours.flatMap((h) => [h.placed, h.answered])) ? (
          <Empty testId="chart-calls-empty" text={t('today.callsEmpty')} />
        ) : (
          <>
            <Chart option={callsOption} label={t('today.callsTitle')} notMeasured={notMeasured} testId="chart-calls" />
            <DataTable testId="table-calls">
              <FiguresTable
                columns={[{ header: t('today.hour') }, { header: t('today.placed'), num: true }, { header: t('today.answered'), num: true }]}
                rows={hours
                  .filter((h) => h.placed > 0 || h.answered > 0 || (h.hour >= 9 && h.hour < 18))
                  .map((h) => ({
                    key: String(h.hour),
                    cells: [`${String(h.hour).padStart(2, '0')}:00–${String(h.hour + 1).padStart(2, '0')}:00`, h.placed, h.answered],
                  }))}
              />
            </DataTable>
          </>
        )}
      </div>

      <h2>{d.month}</h2>
      <div className={styles.tiles}>
        {kpis.map(([label, hint, now, before, testId]) => (
          <div key={testId} className="card" title={hint}>
            <div className="muted small">{label}</div>
            <div className={styles.tileValue}>
              <RateCell rate={now} testId={testId} />
            </div>
            <div className="muted small">
              {t('kpi.counts', { numerator: now.numerator, denominator: now.denominator })} · {t('kpi.previous')} <RateCell rate={before} testId={`${testId}-previous`} />
            </div>
          </div>
        ))}
      </div>

      <div className={styles.grid}>
        <div className="card">
          <h3>{t('funnel.title', { month: d.month })}</h3>
          <p className="muted small">{t('funnel.hint')}</p>
          {noCounts(stages.map((s) => s.count)) ? (
            <Empty testId="chart-funnel-empty" text={t('funnel.empty')} />
          ) : (
            <>
              <Chart option={funnelOption} label={t('funnel.title', { month: d.month })} notMeasured={notMeasured} testId="chart-funnel" />
              <DataTable testId="table-funnel">
                <FiguresTable
                  columns={[{ header: t('funnel.stage') }, { header: t('funnel.count'), num: true }, { header: t('funnel.share'), num: true }]}
                  rows={stages.map((s) => ({
                    key: s.key,
                    testId: `funnel-${s.key}`,
                    cells: [
                      s.label,
                      <span key="count" data-testid={`funnel-${s.key}-count`}>
                        {s.count}
                      </span>,
                      <RateCell key="share" rate={rateOf(s.count, d.funnel.sampled)} />,
                    ],
                  }))}
                />
              </DataTable>
            </>
          )}
        </div>

        <div className="card">
          <h3>{t('units.title', { month: d.month })}</h3>
          {d.units.length === 0 ? (
            <p className="muted">{t('units.empty')}</p>
          ) : noRates(d.units.flatMap((u) => [u.validRate, u.callbackRate.rate])) ? (
            <Empty testId="chart-units-empty" text={t('units.nothingMeasured')} />
          ) : (
            <>
              <Chart option={unitsOption} label={t('units.title', { month: d.month })} percent notMeasured={notMeasured} testId="chart-units" />
              <DataTable testId="table-units">
                <UnitsTable units={d.units} />
              </DataTable>
            </>
          )}
        </div>
      </div>

      <div className="card">
        <h3>{t('trend.title')}</h3>
        <p className="muted small">{t('trend.hint')}</p>
        {noRates(d.trend.flatMap((m) => [m.callbackRate.rate, m.validRate, m.rr1])) ? (
          <Empty testId="chart-trend-empty" text={t('trend.empty')} />
        ) : (
          <>
            <Chart option={trendOption} label={t('trend.title')} percent notMeasured={notMeasured} testId="chart-trend" />
            <DataTable testId="table-trend">
              <FiguresTable
                columns={[{ header: t('trend.month') }, ...[t('kpi.callbackRate'), t('kpi.validRate'), t('kpi.rr1')].map((header) => ({ header, num: true }))]}
                rows={d.trend.map((m) => ({
                  key: m.month,
                  cells: [m.month, ...[m.callbackRate.rate, m.validRate, m.rr1].map((rate, i) => <RateCell key={i} rate={rate} />)],
                }))}
              />
            </DataTable>
          </>
        )}
      </div>

      <h2>{t('worst.title')}</h2>
      <div className={styles.grid}>
        <div className="card">
          <h3>{t('worst.unitsTitle')}</h3>
          {d.worstUnits.length === 0 ? <p className="muted">{t('units.empty')}</p> : <UnitsTable units={d.worstUnits} testId="worst-units" />}
        </div>
        <div className="card">
          <div className="row space-between">
            <h3>{t('worst.agentsTitle')}</h3>
            <ExportLinks kind="agent-indicators" filters={{ month: d.month }} testId="agents-export" />
          </div>
          {d.worstAgents.length === 0 ? (
            <p className="muted">{t('worst.noAgents')}</p>
          ) : (
            <FiguresTable
              testId="worst-agents"
              columns={[
                { header: t('worst.agent') },
                { header: t('worst.finished'), num: true },
                { header: t('worst.errorRate'), num: true, title: t('worst.errorRateHint') },
                { header: t('worst.finishedLate'), num: true },
                { header: t('worst.withinDeadline'), num: true },
              ]}
              rows={d.worstAgents.map((a) => ({
                key: a.agentId,
                cells: [
                  <>
                    {a.name} <span className="muted small">{a.username}</span>
                  </>,
                  a.finished,
                  <RateCell key="errors" rate={a.errorRate} />,
                  a.finishedLate,
                  <RateCell key="deadline" rate={a.withinDeadline} />,
                ],
              }))}
            />
          )}
        </div>
      </div>
    </section>
  );

  function UnitsTable({ units, testId }: { units: typeof d.units; testId?: string }) {
    return (
      <FiguresTable
        testId={testId}
        columns={[
          { header: t('units.unit') },
          { header: t('units.callbackRate'), num: true },
          { header: `${t('units.finished')} / ${t('units.due')}`, num: true },
          { header: t('units.validRate'), num: true },
          { header: `${t('units.valid')} / ${t('units.invalid')}`, num: true },
        ]}
        rows={units.map((u) => ({
          key: u.unitId,
          cells: [
            u.unitName,
            <RateCell key="rate" rate={u.callbackRate.rate} />,
            `${u.callbackRate.finished} / ${u.callbackRate.due}`,
            <RateCell key="valid" rate={u.validRate} />,
            `${u.valid} / ${u.invalid}`,
          ],
        }))}
      />
    );
  }
}
