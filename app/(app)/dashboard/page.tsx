import { getFormatter, getTranslations } from 'next-intl/server';
import { Chart, type ChartOption } from '@/app/_components/chart';
import { getStaffDashboard, staffDashboardInput } from '@/lib/indicators/dashboard';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import styles from './dashboard.module.css';
import { ExportLinks } from '@/app/_components/export-links';

type SearchParams = Record<string, string | string[] | undefined>;
interface Rate {
  numerator: number;
  denominator: number;
  value: number | null;
}

/** A rate as a chart value: a percentage with one decimal, or a gap when not measured. */
const pctValue = (r: Rate) => (r.value === null ? null : Math.round(r.value * 1000) / 10);
const pctText = (value: number) => `${(value * 100).toFixed(1)}%`;

const GRID = { left: 8, right: 16, top: 40, bottom: 8, containLabel: true };

/** 回访看板: what staff read first — today's work, the month's progress and quality, the trend, the worst first. */
export default async function DashboardPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('staff', 'admin');
  const sp = await searchParams;
  const asked = typeof sp.month === 'string' ? sp.month : undefined;
  // A month that is not one reads as the month in progress, as a filter left blank.
  const input = staffDashboardInput.safeParse({ month: asked }).success ? { month: asked } : {};
  const [d, t, format] = await Promise.all([pageLoad(() => getStaffDashboard({ ctx, input })), getTranslations('dashboard'), getFormatter()]);
  const notMeasured = t('notMeasured');

  function RateCell({ rate, testId }: { rate: Rate; testId?: string }) {
    return (
      <span data-testid={testId} title={t('kpi.counts', { numerator: rate.numerator, denominator: rate.denominator })}>
        {rate.value === null ? <span className="muted">{notMeasured}</span> : pctText(rate.value)}
      </span>
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
        <Chart option={callsOption} label={t('today.callsTitle')} notMeasured={notMeasured} testId="chart-calls" />
        <DataTable testId="table-calls">
          <table className="data">
            <thead>
              <tr>
                <th>{t('today.hour')}</th>
                <th className="num">{t('today.placed')}</th>
                <th className="num">{t('today.answered')}</th>
              </tr>
            </thead>
            <tbody>
              {hours
                .filter((h) => h.placed > 0 || h.answered > 0 || (h.hour >= 9 && h.hour < 18))
                .map((h) => (
                  <tr key={h.hour}>
                    <td>{`${String(h.hour).padStart(2, '0')}:00–${String(h.hour + 1).padStart(2, '0')}:00`}</td>
                    <td className="num">{h.placed}</td>
                    <td className="num">{h.answered}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </DataTable>
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
          <Chart option={funnelOption} label={t('funnel.title', { month: d.month })} notMeasured={notMeasured} testId="chart-funnel" />
          <DataTable testId="table-funnel">
            <table className="data">
              <thead>
                <tr>
                  <th>{t('funnel.stage')}</th>
                  <th className="num">{t('funnel.count')}</th>
                  <th className="num">{t('funnel.share')}</th>
                </tr>
              </thead>
              <tbody>
                {stages.map((s) => (
                  <tr key={s.key} data-testid={`funnel-${s.key}`}>
                    <td>{s.label}</td>
                    <td className="num" data-testid={`funnel-${s.key}-count`}>
                      {s.count}
                    </td>
                    <td className="num">
                      <RateCell rate={{ numerator: s.count, denominator: d.funnel.sampled, value: d.funnel.sampled ? s.count / d.funnel.sampled : null }} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </DataTable>
        </div>

        <div className="card">
          <h3>{t('units.title', { month: d.month })}</h3>
          {d.units.length === 0 ? (
            <p className="muted">{t('units.empty')}</p>
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
        <Chart option={trendOption} label={t('trend.title')} percent notMeasured={notMeasured} testId="chart-trend" />
        <DataTable testId="table-trend">
          <table className="data">
            <thead>
              <tr>
                <th>{t('trend.month')}</th>
                <th className="num">{t('kpi.callbackRate')}</th>
                <th className="num">{t('kpi.validRate')}</th>
                <th className="num">{t('kpi.rr1')}</th>
              </tr>
            </thead>
            <tbody>
              {d.trend.map((m) => (
                <tr key={m.month}>
                  <td>{m.month}</td>
                  <td className="num">
                    <RateCell rate={m.callbackRate.rate} />
                  </td>
                  <td className="num">
                    <RateCell rate={m.validRate} />
                  </td>
                  <td className="num">
                    <RateCell rate={m.rr1} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </DataTable>
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
            <table className="data" data-testid="worst-agents">
              <thead>
                <tr>
                  <th>{t('worst.agent')}</th>
                  <th className="num">{t('worst.finished')}</th>
                  <th className="num" title={t('worst.errorRateHint')}>
                    {t('worst.errorRate')}
                  </th>
                  <th className="num">{t('worst.finishedLate')}</th>
                  <th className="num">{t('worst.withinDeadline')}</th>
                </tr>
              </thead>
              <tbody>
                {d.worstAgents.map((a) => (
                  <tr key={a.agentId}>
                    <td>
                      {a.name} <span className="muted small">{a.username}</span>
                    </td>
                    <td className="num">{a.finished}</td>
                    <td className="num">
                      <RateCell rate={a.errorRate} />
                    </td>
                    <td className="num">{a.finishedLate}</td>
                    <td className="num">
                      <RateCell rate={a.withinDeadline} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </div>
    </section>
  );

  function UnitsTable({ units, testId }: { units: typeof d.units; testId?: string }) {
    return (
      <table className="data" data-testid={testId}>
        <thead>
          <tr>
            <th>{t('units.unit')}</th>
            <th className="num">{t('units.callbackRate')}</th>
            <th className="num">
              {t('units.finished')} / {t('units.due')}
            </th>
            <th className="num">{t('units.validRate')}</th>
            <th className="num">
              {t('units.valid')} / {t('units.invalid')}
            </th>
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u.unitId}>
              <td>{u.unitName}</td>
              <td className="num">
                <RateCell rate={u.callbackRate.rate} />
              </td>
              <td className="num">
                {u.callbackRate.finished} / {u.callbackRate.due}
              </td>
              <td className="num">
                <RateCell rate={u.validRate} />
              </td>
              <td className="num">
                {u.valid} / {u.invalid}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    );
  }
}
