import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { isId } from '@/lib/platform/core/ids';
import { getUnitDashboard } from '@/lib/unit/dashboard';
import { PACE_SORTS, type PaceSort } from '@/lib/unit/rules';
import { ExportLinks } from '@/app/_components/export-links';
import { UnitDashboard } from './_components/unit-dashboard';
import { RemovalFlagBadge, UnitSpotChecks } from './_components/unit-spot-checks';
import { SPOT_CHECK_SORTS, type SpotCheckSort } from '@/lib/spot-checks/report-rules';
import { isMonth } from '@/lib/platform/time/zone';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { GradeText, RateText, ScoreText } from '../assessment/_components/rate';

type SearchParams = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (typeof v === 'string' && v !== '' ? v : undefined);

const STATE_TONE = { met: 'ok', short: 'warn', failed: 'danger' } as const;

/**
 * 本单位考核: the supervisor's unit for a month — 单元看板 first (the unit at a glance, each
 * manager's coverage pace against what is expected by today, the valid rate and points over seven
 * months, the customers still uncovered) and 拜访到位率 (the spot checks, with 建议调离), then each manager's coverage, verdicts, points,
 * disputes and late reports, the unit's totals, and the plans waiting for approval. Staff and
 * admin choose the unit.
 */
export default async function UnitPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('supervisor', 'staff', 'admin');
  const sp = await searchParams;
  const askedMonth = one(sp.month);
  const askedUnit = one(sp.unitId);
  const askedSort = one(sp.sort);
  const askedPage = one(sp.page);
  const askedSpotSort = one(sp.spotSort);
  const view = await pageLoad(() =>
    getUnitDashboard({
      ctx,
      input: {
        month: askedMonth && isMonth(askedMonth) ? askedMonth : undefined,
        // A malformed unit in the address is a unit that is not there.
        unitId: askedUnit === undefined || isId(askedUnit) ? askedUnit : '00000000-0000-4000-8000-000000000000',
        // An order or page that is not one reads as the default, as a filter left blank.
        sort: PACE_SORTS.includes(askedSort as PaceSort) ? askedSort : undefined,
        dir: one(sp.dir) === 'desc' ? 'desc' : undefined,
        page: askedPage && /^[1-9]\d{0,5}$/.test(askedPage) ? askedPage : undefined,
        spotSort: SPOT_CHECK_SORTS.includes(askedSpotSort as SpotCheckSort) ? askedSpotSort : undefined,
        spotDir: one(sp.spotDir) === 'desc' ? 'desc' : undefined,
      },
    }),
  );
  const [t, format] = await Promise.all([getTranslations('unit'), getFormatter()]);
  const { month } = view;
  const disputesHref = (managerId: string) => `/disputes?${new URLSearchParams({ month, managerId })}`;

  return (
    <section>
      <h1>
        {t('title')}
        {view.unit ? ` · ${view.unit.name}` : ''} · {month}
      </h1>
      <p className="muted small">{t('intro')}</p>
      <form method="get" action="/unit" className="toolbar" data-testid="unit-picker">
        <label>
          {t('month')}
          <input type="month" name="month" defaultValue={month} data-testid="unit-month" />
        </label>
        {!view.unitLocked && view.units.length > 0 && (
          <label>
            {t('unit')}
            <select name="unitId" defaultValue={view.unit?.id ?? ''} data-testid="unit-select">
              {view.units.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                  {u.active ? '' : ` ${t('inactiveUnit')}`}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit">{t('show')}</button>
      </form>

      {!view.unit ? (
        <p className="muted" data-testid="unit-none">
          {view.unitLocked ? t('noUnit') : t('noUnits')}
        </p>
      ) : (
        <>
          <p className="small" data-testid="unit-month-status">
            {view.close ? t('closed', { version: view.close.version }) : view.monthOver ? t('monthOver') : t('inProgress')}
            {view.close?.changedSinceClose && <span className="badge warn"> {t('changedSinceClose')}</span>}{' '}
            {(view.close || view.monthOver) && <Link href={`/assessment/${month}`}>{t('report')}</Link>}
          </p>

          <UnitDashboard d={view} />
          <UnitSpotChecks d={view} />

          <div className="row space-between">
            <h2>{t('managers')}</h2>
            <span className="row small">
              <span className="muted">{t('dashboard.ledgerExport')}</span>
              <ExportLinks kind="points-ledger" filters={{ month, unitId: view.unit.id }} testId="unit-ledger-export" />
            </span>
          </div>
          {view.managers.length === 0 ? (
            <p className="muted">{t('noManagers')}</p>
          ) : (
            <div style={{ overflowX: 'auto' }}>
              <table className="data" data-testid="unit-managers">
                <thead>
                  <tr>
                    <th>{t('manager')}</th>
                    <th className="num">{t('claimed')}</th>
                    <th>{t('coverage')}</th>
                    <th>{t('verdicts')}</th>
                    <th className="num">{t('validRate')}</th>
                    <th className="num">{t('points')}</th>
                    <th className="num">{t('disputes')}</th>
                    <th className="num">{t('late')}</th>
                    <th>{t('result')}</th>
                  </tr>
                </thead>
                <tbody>
                  {view.managers.map((m) => (
                    <tr key={m.managerId} data-testid="unit-manager-row" data-manager={m.username} data-coverage={m.coverage}>
                      <td>
                        <Link href={`/assessment/${month}/managers/${m.managerId}`} data-testid="unit-manager-link">
                          {m.displayName}
                        </Link>{' '}
                        <span className="muted small">{m.username}</span>
                        {!m.active && <span className="badge"> {t('inactive')}</span>}
                        {m.removalFlag && (
                          <>
                            {' '}
                            <RemovalFlagBadge flag={m.removalFlag} />
                          </>
                        )}
                      </td>
                      <td className="num">{m.claimedCustomers}</td>
                      <td data-testid="unit-coverage">
                        <span data-testid="unit-coverage-done">{t('coverageOf', { done: m.done, required: m.required })}</span> ·{' '}
                        <RateText value={m.coverageRate} reason={m.unmeasured.coverageRate} inline />{' '}
                        <span className={`badge ${STATE_TONE[m.coverage]}`} data-testid="unit-coverage-state">
                          {t(`coverageState.${m.coverage}`)}
                        </span>
                      </td>
                      <td className="small" data-testid="unit-verdicts">
                        {t('verdictCounts', { valid: m.valid, invalid: m.invalid, unverified: m.unverified, pending: m.pending })}
                      </td>
                      <td className="num" data-testid="unit-valid-rate">
                        <RateText value={m.validRate} reason={m.unmeasured.validRate} />
                      </td>
                      <td className="num" data-testid="unit-points">
                        {m.points}
                      </td>
                      <td className="num" data-testid="unit-disputes">
                        {m.openDisputes > 0 ? <Link href={disputesHref(m.managerId)}>{m.openDisputes}</Link> : 0}
                        {m.overdueDisputes > 0 && (
                          <>
                            {' '}
                            <span className="badge danger" data-testid="unit-disputes-overdue">
                              {t('overdue', { count: m.overdueDisputes })}
                            </span>
                          </>
                        )}
                      </td>
                      <td className="num" data-testid="unit-late">
                        {t('lateOf', { late: m.late, visits: m.visits })}
                      </td>
                      <td data-testid="unit-result">
                        {m.closed ? (
                          m.grade ? (
                            <>
                              <ScoreText score={m.score} /> · <GradeText grade={m.grade} />
                            </>
                          ) : (
                            <GradeText grade={null} />
                          )
                        ) : (
                          <span className="muted small">{t('notClosed')}</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-testid="unit-totals">
                    <th>{t('totals', { count: view.totals.managers })}</th>
                    <td />
                    <td>
                      {t('coverageOf', { done: view.totals.done, required: view.totals.required })} ·{' '}
                      <RateText value={view.totals.coverageRate} reason={view.totals.unmeasured.coverageRate} inline />
                      {view.totals.coverageShort > 0 && <span className="badge warn"> {t('coverageShortCount', { count: view.totals.coverageShort })}</span>}
                    </td>
                    <td className="small">{t('verdictCounts', { valid: view.totals.valid, invalid: view.totals.invalid, unverified: view.totals.unverified, pending: view.totals.pending })}</td>
                    <td className="num">
                      <RateText value={view.totals.validRate} reason={view.totals.unmeasured.validRate} />
                    </td>
                    <td className="num">{view.totals.points}</td>
                    <td className="num">
                      {view.totals.openDisputes}
                      {view.totals.overdueDisputes > 0 && <span className="badge danger"> {t('overdue', { count: view.totals.overdueDisputes })}</span>}
                    </td>
                    <td className="num">{t('lateOf', { late: view.totals.late, visits: view.totals.visits })}</td>
                    <td />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}

          <h2>{t('plansTitle')}</h2>
          <p className="muted small">{t('plansIntro')}</p>
          {view.plans.rows.length === 0 ? (
            <p className="muted" data-testid="unit-plans-empty">
              {t('plansEmpty')}
            </p>
          ) : (
            <div style={{ overflowX: 'auto' }}>
              <table className="data" data-testid="unit-plans">
                <thead>
                  <tr>
                    <th>{t('manager')}</th>
                    <th>{t('planMonth')}</th>
                    <th className="num">{t('planItems')}</th>
                    <th>{t('submittedAt')}</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {view.plans.rows.map((p) => (
                    <tr key={p.id} data-testid="unit-plan-row">
                      <td>{p.managerName}</td>
                      <td>{p.month}</td>
                      <td className="num">{p.items}</td>
                      <td>
                        {p.submittedAt ? format.dateTime(p.submittedAt, { dateStyle: 'medium', timeStyle: 'short' }) : '—'}
                        {p.revision > 1 && <span className="muted small"> · {t('revision', { revision: p.revision })}</span>}
                      </td>
                      <td>
                        <Link href={`/plans/${p.id}`} data-testid="unit-plan-link">
                          {t('review')}
                        </Link>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {view.plans.total > view.plans.rows.length && (
            <p>
              <Link href="/plans?status=submitted">{t('plansMore', { total: view.plans.total })}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
