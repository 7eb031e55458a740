import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listManualResults } from '@/lib/callbacks/manual-results';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { ExportLinks } from '@/app/_components/export-links';

type SearchParams = Record<string, string | string[] | undefined>;

/** 人工拨打结果: the month's callback results recorded without a call record, for staff to check. */
export default async function ManualResultsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('staff', 'admin');
  const params = await searchParams;
  const month = typeof params.month === 'string' && params.month ? params.month : undefined;
  const data = await pageLoad(() => listManualResults({ ctx, input: { month } }));
  const [t, tc, format] = await Promise.all([getTranslations('callbacks.manual'), getTranslations('callbacks'), getFormatter()]);
  return (
    <section>
      <p>
        <Link href="/queue">‹ {tc('queue.title')}</Link>
      </p>
      <h1>
        {t('title')} · {data.month}
      </h1>
      <p className="muted small">{t('intro')}</p>
      <ExportLinks kind="callback-results" filters={{ month: data.month, manual: 'true' }} testId="manual-results-export" />
      <form method="get" action="/queue/manual" className="toolbar" data-testid="manual-filters">
        <label>
          {t('month')}
          <input type="month" name="month" defaultValue={data.month} />
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      {data.rows.length === 0 ? (
        <p className="muted" data-testid="manual-empty">
          {t('empty', { month: data.month })}
        </p>
      ) : (
        <>
          <p className="muted small" data-testid="manual-count">
            {t('count', { count: data.rows.length })}
            {data.truncated && ` ${t('truncated')}`}
          </p>
          <table className="data" data-testid="manual-results">
            <thead>
              <tr>
                <th>{t('columns.month')}</th>
                <th>{t('columns.customer')}</th>
                <th>{t('columns.manager')}</th>
                <th>{t('columns.agent')}</th>
                <th>{t('columns.outcome')}</th>
                <th className="num">{t('columns.score')}</th>
                <th>{t('columns.notes')}</th>
                <th>{t('columns.recordedAt')}</th>
                <th>{t('columns.visit')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={r.attemptId} data-testid="manual-row">
                  <td>{r.month}</td>
                  <td>
                    {r.customerName}
                    {r.unitName && <div className="muted small">{r.unitName}</div>}
                  </td>
                  <td>{r.managerName}</td>
                  <td>{r.agentName}</td>
                  <td>
                    {tc(`outcomes.${r.outcome}`)}
                    <div className="muted small">{t('attempt', { attempt: r.attemptNo })}</div>
                  </td>
                  <td className="num">{r.score == null ? '—' : `${r.score} / ${r.maxScore}${r.result ? ` · ${t(r.result)}` : ''}`}</td>
                  <td style={{ maxWidth: 320, whiteSpace: 'pre-wrap' }}>{r.notes || '—'}</td>
                  <td>{format.dateTime(r.recordedAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
                  <td>
                    <Link href={`/visits/${r.visitId}`}>{format.dateTime(r.visitedAt, { dateStyle: 'medium' })}</Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
