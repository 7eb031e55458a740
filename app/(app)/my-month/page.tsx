import { getTranslations } from 'next-intl/server';
import { ExportLinks } from '@/app/_components/export-links';
import { managerClosedMonths, managerMonthResult } from '@/lib/assessment/report';
import { getMyMonthDashboard } from '@/lib/coverage/my-month';
import { listDisputes } from '@/lib/disputes/queries';
import { ledgerOf } from '@/lib/points/ledger';
import { isMonth } from '@/lib/platform/time/zone';
import { listManagerMonthVerdicts } from '@/lib/verdicts/queries';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CoverageTable, LedgerTable, ResultCard, VerdictsTable } from '../assessment/_components/month-view';
import { MonthSection } from './_components/month-section';
import { MyPace, MyTrend, StillRequired } from './_components/my-dashboard';
import { ClosedMonthsTable, MyDisputesTable, PointsByMonth } from './_components/standing';
import { getManagerSpotChecks } from '@/lib/spot-checks/reports';
import { MySpotChecksView } from './_components/my-spot-checks';

/**
 * 我的考核: a manager's month — first where they stand: their pace against the month, the customers
 * still to cover and their trend over seven months; then what each claimed customer still needs, every visit with its
 * verdict and why, the data-check findings, the month's points with their ledger entries, the
 * spot checks (拜访到位率) with each customer found not visited, and
 * the score and grade once the month is closed; then their standing across months: the points
 * balance of every month, the results of the closed months, and their disputes. Each part is
 * headed by its counts and a long one folds behind them, so the page fits a phone.
 */
export default async function MyMonthPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  const ctx = await pageCtx('manager');
  const asked = (await searchParams).month;
  // The month's coverage with the manager's pace, what is still required and their trend.
  const coverage = await pageLoad(() => getMyMonthDashboard({ ctx, input: { month: asked && isMonth(asked) ? asked : undefined } }));
  const month = coverage.month;
  const [verdicts, ledger, result, closedMonths, disputes, spotChecks, t, ts] = await Promise.all([
    pageLoad(() => listManagerMonthVerdicts({ ctx, input: { month } })),
    // With a month, the ledger also gives every month's balance (the sums of their entries).
    pageLoad(() => ledgerOf({ ctx, input: { month } })),
    pageLoad(() => managerMonthResult({ ctx, input: { month } })),
    pageLoad(() => managerClosedMonths({ ctx })),
    pageLoad(() => listDisputes({ ctx, input: { state: 'all' } })),
    pageLoad(() => getManagerSpotChecks({ ctx, input: { month } })),
    getTranslations('assessment'),
    getTranslations('spotCheckReports.my'),
  ]);

  // The visits' verdicts counted as the rows show them (no verdict yet reads 待核实).
  const verdictCounts = { valid: 0, invalid: 0, unverified: 0, pending: 0 };
  for (const r of verdicts.rows) {
    const status = r.verdict?.status;
    verdictCounts[status === 'valid' || status === 'invalid' || status === 'unverified' ? status : 'pending']++;
  }

  return (
    <section>
      <h1>
        {t('myMonth.title')} · {month}
      </h1>
      <form method="get" action="/my-month" className="toolbar" data-testid="month-picker">
        <label>
          {t('myMonth.month')}
          <input type="month" name="month" defaultValue={month} />
        </label>
        <button type="submit">{t('myMonth.show')}</button>
      </form>

      <MyPace d={coverage} />
      <StillRequired d={coverage} />
      <MyTrend d={coverage} />

      <ResultCard result={result} />

      <MonthSection
        id="spot-checks"
        title={ts('title')}
        rows={spotChecks.notVisited.length}
        summary={spotChecks.checkedDays.length === 0 ? ts('summaryNone') : ts('summary', { days: spotChecks.days, onSite: spotChecks.onSite, incomplete: spotChecks.incomplete, none: spotChecks.none, yuan: spotChecks.yuan, open: spotChecks.open })}
      >
        <MySpotChecksView d={spotChecks} />
      </MonthSection>

      <MonthSection
        id="coverage"
        title={t('myMonth.coverage')}
        rows={coverage.customers.length}
        summary={t('myMonth.summary.coverage', { customers: coverage.customers.length, gaps: coverage.customers.filter((c) => c.gaps.length > 0).length, done: coverage.done, required: coverage.required })}
      >
        <p className="muted small">{t('progress.intro', { days: coverage.minDays })}</p>
        <CoverageTable progress={coverage} monthOver={coverage.monthOver} />
      </MonthSection>

      <MonthSection id="visits" title={t('myMonth.visits')} rows={verdicts.rows.length} summary={t('myMonth.summary.visits', { count: verdicts.rows.length, ...verdictCounts })}>
        <VerdictsTable rows={verdicts.rows} forManager />
      </MonthSection>

      <MonthSection id="ledger" title={t('ledger.title')} rows={ledger.entries.length} summary={t('myMonth.summary.ledger', { count: ledger.entries.length, points: ledger.monthBalance ?? 0 })}>
        <ExportLinks kind="points-ledger" filters={{ month }} testId="ledger-export" />
        <LedgerTable ledger={ledger} />
      </MonthSection>

      <MonthSection id="disputes" title={t('myMonth.disputes')} rows={disputes.rows.length} summary={t('myMonth.summary.disputes', { total: disputes.total, undecided: disputes.counts.open + disputes.counts.under_review })}>
        <MyDisputesTable list={disputes} />
      </MonthSection>

      <MonthSection id="points" title={t('myMonth.pointsBalance')} rows={ledger.months.length} summary={t('myMonth.summary.points', { months: ledger.months.length, points: ledger.balance })}>
        <PointsByMonth ledger={ledger} current={month} />
      </MonthSection>

      <MonthSection id="grades" title={t('myMonth.grades')} rows={closedMonths.length} summary={t('myMonth.summary.grades', { months: closedMonths.length })}>
        <ClosedMonthsTable months={closedMonths} />
      </MonthSection>
    </section>
  );
}
