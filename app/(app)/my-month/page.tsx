import { getTranslations } from 'next-intl/server';
import { managerClosedMonths, managerMonthResult } from '@/lib/assessment/report';
import { myCoverage } from '@/lib/coverage/progress';
import { listDisputes } from '@/lib/disputes/queries';
import { ledgerOf } from '@/lib/points/ledger';
import { isMonth } from '@/lib/time/zone';
import { listManagerMonthVerdicts } from '@/lib/verdicts/queries';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CoverageTable, LedgerTable, ResultCard, VerdictsTable } from '../assessment/_components/month-view';
import { ClosedMonthsTable, MyDisputesTable, PointsByMonth } from './_components/standing';

/**
 * 我的考核: a manager's month — what each claimed customer still needs, every visit with its
 * verdict and why, the data-check findings, the month's points with their ledger entries, and
 * the score and grade once the month is closed; then their standing across months: the points
 * balance of every month, the results of the closed months, and their disputes.
 */
export default async function MyMonthPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  const ctx = await pageCtx('manager');
  const asked = (await searchParams).month;
  const coverage = await pageLoad(() => myCoverage({ ctx, input: { month: asked && isMonth(asked) ? asked : undefined } }));
  const month = coverage.month;
  const [verdicts, ledger, result, closedMonths, disputes, t] = await Promise.all([
    pageLoad(() => listManagerMonthVerdicts({ ctx, input: { month } })),
    // With a month, the ledger also gives every month's balance (the sums of their entries).
    pageLoad(() => ledgerOf({ ctx, input: { month } })),
    pageLoad(() => managerMonthResult({ ctx, input: { month } })),
    pageLoad(() => managerClosedMonths({ ctx })),
    pageLoad(() => listDisputes({ ctx, input: { state: 'all' } })),
    getTranslations('assessment'),
  ]);

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

      <ResultCard result={result} />

      <h2>{t('myMonth.coverage')}</h2>
      <p className="muted small">{t('progress.intro', { days: coverage.minDays })}</p>
      <CoverageTable progress={coverage} monthOver={coverage.monthOver} />

      <h2>{t('myMonth.visits')}</h2>
      <VerdictsTable rows={verdicts.rows} forManager />

      <h2>{t('ledger.title')}</h2>
      <LedgerTable ledger={ledger} />

      <h2 id="disputes">{t('myMonth.disputes')}</h2>
      <MyDisputesTable list={disputes} />

      <h2 id="points">{t('myMonth.pointsBalance')}</h2>
      <PointsByMonth ledger={ledger} current={month} />

      <h2 id="grades">{t('myMonth.grades')}</h2>
      <ClosedMonthsTable months={closedMonths} />
    </section>
  );
}
