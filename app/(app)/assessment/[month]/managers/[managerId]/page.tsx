import Link from 'next/link';
import { ExportLinks } from '@/app/_components/export-links';
import { getTranslations } from 'next-intl/server';
import { managerMonthResult } from '@/lib/assessment/report';
import { NotFoundError } from '@/lib/platform/core/errors';
import { isId } from '@/lib/platform/core/ids';
import { managerCoverage } from '@/lib/coverage/progress';
import { ledgerOf } from '@/lib/points/ledger';
import { isMonth } from '@/lib/platform/time/zone';
import { getManagerSpotChecks } from '@/lib/spot-checks/reports';
import { listManagerMonthVerdicts } from '@/lib/verdicts/queries';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CoverageTable, LedgerTable, ResultCard, VerdictsTable } from '../../../_components/month-view';
import { MySpotChecksView } from '../../../../my-month/_components/my-spot-checks';

/** One manager's month for staff and their unit's supervisor: result, spot checks, coverage, verdicts, ledger. */
export default async function ManagerMonthPage({ params }: { params: Promise<{ month: string; managerId: string }> }) {
  const ctx = await pageCtx('staff', 'admin', 'supervisor');
  const { month, managerId } = await params;
  const coverage = await pageLoad(async () => {
    // A malformed address is, to the reader, simply a page that is not there.
    if (!isMonth(month) || !isId(managerId)) throw new NotFoundError();
    return managerCoverage({ ctx, input: { month, managerId } });
  });
  const [verdicts, ledger, result, spotChecks, t, ts] = await Promise.all([
    pageLoad(() => listManagerMonthVerdicts({ ctx, input: { month, managerId } })),
    pageLoad(() => ledgerOf({ ctx, input: { month, managerId } })),
    pageLoad(() => managerMonthResult({ ctx, input: { month, managerId } })),
    pageLoad(() => getManagerSpotChecks({ ctx, input: { month, managerId } })),
    getTranslations('assessment'),
    getTranslations('spotCheckReports.my'),
  ]);
  return (
    <section>
      <p>
        <Link href={`/assessment/${month}`}>‹ {t('report.title', { month })}</Link>
      </p>
      <h1>
        {coverage.manager.displayName} <span className="muted small">{coverage.manager.username}</span> · {month}
      </h1>
      {coverage.manager.unitName && <p className="muted">{coverage.manager.unitName}</p>}
      <ResultCard result={result} />
      <h2>{ts('title')}</h2>
      <MySpotChecksView d={spotChecks} forManager={false} />
      <h2>{t('myMonth.coverage')}</h2>
      <CoverageTable progress={coverage} monthOver={coverage.monthOver} />
      <h2>{t('myMonth.visitsOf', { name: coverage.manager.displayName })}</h2>
      <VerdictsTable rows={verdicts.rows} forManager={false} />
      <h2>{t('ledger.title')}</h2>
      <ExportLinks kind="points-ledger" filters={{ month, managerId }} testId="ledger-export" />
      <LedgerTable ledger={ledger} />
    </section>
  );
}
