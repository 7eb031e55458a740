import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { pct } from '@/app/_components/percent';
import type { getUnitDashboard } from '@/lib/unit/dashboard';
import { SPOT_CHECK_FIRST_DIRECTION, type SpotCheckRate, type SpotCheckSort } from '@/lib/spot-checks/report-rules';
import type { OpenManagerFlag } from '@/lib/spot-checks/flags';
import styles from '../unit.module.css';

type Dashboard = Awaited<ReturnType<typeof getUnitDashboard>>;

/** A 拜访到位率 as a cell: the share with its days beside, or 未测 with why (never 0 % or 100 %). */
async function SpotRate({ rate, testId }: { rate: SpotCheckRate; testId?: string }) {
  const t = await getTranslations('spotCheckReports');
  if (rate.value === null)
    return (
      <span data-testid={testId} data-value="" title={t('notMeasuredReason')}>
        <span className="muted">{t('notMeasured')}</span>
      </span>
    );
  return (
    <span data-testid={testId} data-value={rate.value}>
      {pct(rate.value)} <span className="muted small">{t('rateOf', { onSite: rate.numerator, days: rate.denominator })}</span>
    </span>
  );
}

/** 建议调离 with the count of findings that raised it, and its threshold, window and since when in its title. */
export async function RemovalFlagBadge({ flag }: { flag: OpenManagerFlag }) {
  const [t, format] = await Promise.all([getTranslations('spotCheckReports'), getFormatter()]);
  const raised = format.dateTime(flag.raisedAt, { dateStyle: 'medium' });
  return (
    <span
      className="badge danger"
      data-testid="removal-flag"
      data-count={flag.count}
      title={t('flagTitle', { count: flag.count, threshold: flag.threshold, windowDays: flag.windowDays, raised })}
    >
      {t('flagCount', { count: flag.count })}
    </span>
  );
}

/**
 * 拜访到位率 on the unit view: each manager's spot checks of the month (checked days, the rate,
 * 到位 / 不全 / 未拜访, customers not visited, yuan, days awaiting a result) with an open 建议调离
 * flag, sortable by each figure (its own order in the address, beside the pace table's). A plain
 * `table.data`: on a phone each manager is a card, with no sideways scrolling.
 */
export async function UnitSpotChecks({ d }: { d: Dashboard }) {
  const t = await getTranslations('spotCheckReports.unit');
  const s = d.spotChecks;
  const href = (sort: SpotCheckSort) => {
    const dir = s.sort === sort ? (s.direction === 'asc' ? 'desc' : 'asc') : SPOT_CHECK_FIRST_DIRECTION[sort];
    const query = new URLSearchParams();
    const keep = { month: d.month, unitId: d.unitLocked ? undefined : d.unit?.id, sort: d.sort, dir: d.direction, page: d.uncovered.page > 1 ? String(d.uncovered.page) : undefined, spotSort: sort, spotDir: dir };
    for (const [k, v] of Object.entries(keep)) if (v) query.set(k, v);
    return `/unit?${query.toString()}#unit-spot-checks`;
  };
  const header = (sort: SpotCheckSort, label: string, num = true) => {
    const current = s.sort === sort ? s.direction : null;
    return (
      <th className={num ? 'num' : undefined} aria-sort={current ? (current === 'asc' ? 'ascending' : 'descending') : undefined}>
        <Link href={href(sort)} className={styles.sort} aria-current={current ? 'true' : undefined} title={t('sortBy', { column: label })} data-testid={`unit-spot-sort-${sort}`}>
          {label}
          {current === 'asc' ? ' ▲' : current === 'desc' ? ' ▼' : ''}
        </Link>
      </th>
    );
  };

  return (
    <div className="card" id="unit-spot-checks" data-testid="unit-spot-checks">
      <h3>{t('title')}</h3>
      <p className="muted small">{t('hint')}</p>
      {s.rows.length === 0 ? (
        <p className="muted">{t('empty')}</p>
      ) : (
        <table className="data" data-testid="unit-spot-table">
          <thead>
            <tr>
              {header('name', t('manager'), false)}
              {header('rate', t('rate'))}
              {header('days', t('days'))}
              <th className="num">{t('results')}</th>
              {header('findings', t('findings'))}
              {header('yuan', t('yuan'))}
              <th className="num">{t('open')}</th>
              {header('flag', t('flag'), false)}
            </tr>
          </thead>
          <tbody>
            {s.rows.map((m) => (
              <tr key={m.managerId} data-testid="unit-spot-row" data-manager={m.username} data-flagged={m.flagged ? 'yes' : 'no'}>
                <td>
                  <Link href={`/assessment/${d.month}/managers/${m.managerId}`}>{m.displayName}</Link>
                  {!m.active && <span className="badge"> {t('inactive')}</span>}
                </td>
                <td className="num">
                  <SpotRate rate={m.rate} testId="unit-spot-rate" />
                </td>
                <td className="num" data-testid="unit-spot-days">
                  {m.days}
                </td>
                <td className="num" data-testid="unit-spot-results">
                  {t('resultCounts', { onSite: m.onSite, incomplete: m.incomplete, none: m.none })}
                </td>
                <td className="num" data-testid="unit-spot-findings">
                  {m.findings}
                </td>
                <td className="num" data-testid="unit-spot-yuan">
                  {m.yuan}
                </td>
                <td className="num">{m.open}</td>
                <td data-testid="unit-spot-flag">{m.flag ? <RemovalFlagBadge flag={m.flag} /> : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-testid="unit-spot-totals">
              <th>{t('totals', { count: s.rows.length })}</th>
              <td className="num">
                <SpotRate rate={s.totals.rate} testId="unit-spot-total-rate" />
              </td>
              <td className="num">{s.totals.days}</td>
              <td className="num">{t('resultCounts', { onSite: s.totals.onSite, incomplete: s.totals.incomplete, none: s.totals.none })}</td>
              <td className="num">{s.totals.findings}</td>
              <td className="num">{s.totals.yuan}</td>
              <td className="num">{s.totals.open}</td>
              <td>{s.totals.flagged > 0 ? <span className="badge danger">{t('flaggedCount', { count: s.totals.flagged })}</span> : null}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </div>
  );
}
