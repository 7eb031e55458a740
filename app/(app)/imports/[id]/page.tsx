import Link from 'next/link';
import { ExportLinks } from '@/app/_components/export-links';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { Pager } from '@/app/_components/pager';
import { NotFoundError } from '@/lib/platform/core/errors';
import { isId } from '@/lib/platform/core/ids';
import { toLocale } from '@/lib/platform/i18n/config';
import { getImport } from '@/lib/imports/imports';
import { describeIssue } from '@/lib/imports/issue-text';
import { orderedSummary, RUNNING_STAGES, STAGE_TONE } from '@/lib/imports/status';
import { columnLabel } from '@/lib/imports/template';
import { importHandler } from '@/lib/imports/kinds';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CommitButton } from './commit-button';
import { DiscardButton } from './discard-button';
import { ImportProgress } from './import-progress';

type View = 'rows' | 'errors';

export default async function ImportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string; view?: string }> }) {
  const ctx = await pageCtx('staff', 'admin');
  const { id } = await params;
  const query = await searchParams;
  const page = Math.max(1, Number(query.page) || 1);
  const asked: View | undefined = query.view === 'rows' || query.view === 'errors' ? query.view : undefined;
  const record = await pageLoad(async () => {
    if (!isId(id)) throw new NotFoundError();
    // Only the list being looked at is paged; the other shows its first page (its count is what matters).
    return getImport({ ctx, input: { id, errorsPage: asked === 'errors' ? page : 1, rowsPage: asked === 'rows' ? page : 1 } });
  });
  const [t, format, locale] = await Promise.all([getTranslations('imports'), getFormatter(), getLocale().then(toLocale)]);
  const stage = record.stage;
  const running = RUNNING_STAGES.includes(stage);
  const view: View = asked ?? (stage === 'hasErrors' || record.goodRows === 0 ? 'errors' : 'rows');
  const summary = orderedSummary(record.summary);
  const fileProblems = stage === 'hasErrors' && record.totalRows === 0;
  const showSummary = summary.length > 0 && (stage === 'ready' || stage === 'hasErrors' || stage === 'committed');
  const when = (at: Date) => format.dateTime(at, { dateStyle: 'short', timeStyle: 'short' });

  // The preview shows the columns the file fills, headed as the file heads them.
  const columns = importHandler(record.kind).columns.map((c) => c.key).filter((key) => record.previewRows.some((r) => r.values[key]));
  const cellText = (key: string, value: string | undefined) => (value && t.has(`valueName.${key}.${value}`) ? t(`valueName.${key}.${value}`) : (value ?? ''));
  const viewHref = (v: View) => `/imports/${record.id}?view=${v}`;

  return (
    <section>
      <p>
        <Link href="/imports">‹ {t('title')}</Link>
      </p>
      <h1>
        {record.fileName}{' '}
        <span className={`badge ${STAGE_TONE[stage]}`} data-testid="import-status">
          {t(`stage.${stage}`)}
        </span>
      </h1>
      <dl className="facts card">
        <dt>{t('kindLabel')}</dt>
        <dd>{t(`kind.${record.kind}`)}</dd>
        <dt>{t('uploadedBy')}</dt>
        <dd>
          {record.createdByName} · {when(record.createdAt)}
        </dd>
        <dt>{t('rows')}</dt>
        <dd data-testid="import-total-rows">{running ? record.processedRows : record.totalRows}</dd>
        {!running && stage !== 'failed' && (
          <>
            <dt>{t('goodRows')}</dt>
            <dd data-testid="import-good-rows">{record.goodRows}</dd>
          </>
        )}
        <dt>{t('errorCount')}</dt>
        <dd data-testid="import-error-count">{record.errorCount}</dd>
        {record.committedAt && (
          <>
            <dt>{t('committedAt')}</dt>
            <dd>{when(record.committedAt)}</dd>
          </>
        )}
      </dl>
      {running && <ImportProgress id={record.id} stage={stage} processed={record.processedRows} total={record.totalRows} />}
      {stage === 'failed' && (
        <div className="alert error" role="alert">
          <p>{t('failed')}</p>
          <DiscardButton id={record.id} />
        </div>
      )}
      {stage === 'discarded' && record.discardedAt && (
        <p className="alert" data-testid="import-discarded">
          {t('discardedNote', { at: when(record.discardedAt), name: record.discardedByName ?? '' })}
        </p>
      )}
      {fileProblems && (
        <div className="alert error" role="alert" data-testid="import-file-problem">
          <strong>{t('fileProblem')}</strong>
          <ul>
            {record.errors.map((e) => (
              <li key={e.id}>{describeIssue(record.kind, e, locale).problem}</li>
            ))}
          </ul>
        </div>
      )}
      {showSummary && (
        <div className="card" data-testid="import-summary">
          <h2>{stage === 'committed' ? t('summaryCommitted') : stage === 'hasErrors' ? t('summaryGoodRows', { count: record.goodRows }) : t('summaryPreview')}</h2>
          <dl className="facts">
            {summary.map(([key, value]) => (
              <div key={key} style={{ display: 'contents' }}>
                <dt>{t.has(`summary.${key}`) ? t(`summary.${key}`) : key}</dt>
                <dd data-testid={`import-summary-${key}`}>{value}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {stage === 'ready' && (
        <div className="card">
          <p>{t('readyToCommit')}</p>
          <div className="row">
            <CommitButton id={record.id} />
            <DiscardButton id={record.id} />
          </div>
        </div>
      )}
      {stage === 'hasErrors' && (
        <div className="card">
          <p className="alert error" role="alert">
            {t('fixAndUpload', { count: record.errorCount })}
          </p>
          <div className="row">
            <a className="link-button" href={`/api/imports/${record.id}/errors`} download data-testid="import-errors-download">
              {t('downloadErrors')}
            </a>
            {/* The error file above is the Excel one; the export adds the same rows as CSV. */}
            <ExportLinks kind="import-errors" filters={{ id: record.id }} testId="import-errors-export" formats={['csv']} />
            <Link href={`/imports?kind=${record.kind}`}>{t('uploadAgain')}</Link>
            <DiscardButton id={record.id} />
          </div>
        </div>
      )}
      {!running && !fileProblems && (record.goodRows > 0 || record.errorCount > 0) && (
        <>
          <nav className="toolbar" aria-label={t('views')}>
            {record.goodRows > 0 && (
              <Link href={viewHref('rows')} className={`badge ${view === 'rows' ? 'info' : ''}`} aria-current={view === 'rows' ? 'page' : undefined} data-testid="import-view-rows">
                {t('viewRows', { count: record.goodRows })}
              </Link>
            )}
            {record.errorCount > 0 && (
              <Link href={viewHref('errors')} className={`badge ${view === 'errors' ? 'info' : ''}`} aria-current={view === 'errors' ? 'page' : undefined} data-testid="import-view-errors">
                {t('viewErrors', { count: record.errorCount })}
              </Link>
            )}
          </nav>
          {view === 'rows' &&
            (record.previewRows.length === 0 ? (
              <p className="muted">{t('noGoodRows')}</p>
            ) : (
              <>
                <p className="muted small">{t('rowsNote')}</p>
                <div style={{ overflowX: 'auto' }}>
                  <table className="data" data-testid="import-rows">
                    <thead>
                      <tr>
                        <th className="num">{t('row')}</th>
                        {columns.map((key) => (
                          <th key={key}>{columnLabel(record.kind, key, locale)}</th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {record.previewRows.map((r) => (
                        <tr key={r.rowNumber}>
                          <td className="num">{r.rowNumber}</td>
                          {columns.map((key) => (
                            <td key={key}>{cellText(key, r.values[key])}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                <Pager path={`/imports/${record.id}`} params={{ view: 'rows' }} page={record.rowsPage} pageSize={record.rowsPageSize} total={record.goodRows} label={t('goodRows')} />
              </>
            ))}
          {view === 'errors' && record.errorCount > 0 && (
            <>
              <table className="data" data-testid="import-errors">
                <thead>
                  <tr>
                    <th className="num">{t('row')}</th>
                    <th>{t('column')}</th>
                    <th>{t('value')}</th>
                    <th>{t('problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {record.errors.map((e) => {
                    const text = describeIssue(record.kind, e, locale);
                    return (
                      <tr key={e.id}>
                        <td className="num">{text.row ?? t('wholeFile')}</td>
                        <td>{text.column}</td>
                        <td>{text.value}</td>
                        <td>{text.problem}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <Pager path={`/imports/${record.id}`} params={{ view: 'errors' }} page={record.errorsPage} pageSize={record.errorsPageSize} total={record.errorCount} label={t('errorsTitle')} />
            </>
          )}
        </>
      )}
    </section>
  );
}
