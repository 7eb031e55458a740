import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { NotFoundError } from '@/lib/core/errors';
import { getImport } from '@/lib/imports/imports';
import { columnLabel } from '@/lib/imports/template';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CommitButton } from './commit-button';
import { ImportProgress } from './import-progress';

export default async function ImportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ page?: string }> }) {
  const ctx = await pageCtx('staff', 'admin');
  const { id } = await params;
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const record = await pageLoad(async () => {
    if (!z.uuid().safeParse(id).success) throw new NotFoundError();
    return getImport({ ctx, input: { id, errorsPage: page } });
  });
  const [t, te, format, locale] = await Promise.all([getTranslations('imports'), getTranslations('errors'), getFormatter(), getLocale()]);
  const running = record.status === 'uploaded' || record.status === 'validating' || record.status === 'committing';
  const pages = Math.max(1, Math.ceil(record.errorCount / record.errorsPageSize));
  const summary = Object.entries(record.summary ?? {});
  return (
    <section>
      <p>
        <Link href="/imports">‹ {t('title')}</Link>
      </p>
      <h1>
        {record.fileName} <span className="badge info" data-testid="import-status">{t(`statusName.${record.status}`)}</span>
      </h1>
      <dl className="facts card">
        <dt>{t('kindLabel')}</dt>
        <dd>{t(`kind.${record.kind}`)}</dd>
        <dt>{t('uploadedBy')}</dt>
        <dd>
          {record.createdByName} · {format.dateTime(record.createdAt, { dateStyle: 'short', timeStyle: 'short' })}
        </dd>
        <dt>{t('rows')}</dt>
        <dd>{running ? record.processedRows : record.totalRows}</dd>
        <dt>{t('errorCount')}</dt>
        <dd data-testid="import-error-count">{record.errorCount}</dd>
        {record.committedAt && (
          <>
            <dt>{t('committedAt')}</dt>
            <dd>{format.dateTime(record.committedAt, { dateStyle: 'short', timeStyle: 'short' })}</dd>
          </>
        )}
      </dl>
      {running && <ImportProgress id={record.id} status={record.status} processed={record.processedRows} total={record.totalRows} />}
      {record.status === 'failed' && <p className="alert error">{t('failed')}</p>}
      {summary.length > 0 && (
        <div className="card" data-testid="import-summary">
          <h2>{record.status === 'committed' ? t('summaryCommitted') : t('summaryPreview')}</h2>
          <dl className="facts">
            {summary.map(([key, value]) => (
              <div key={key} style={{ display: 'contents' }}>
                <dt>{t.has(`summary.${key}`) ? t(`summary.${key}`) : key}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
        </div>
      )}
      {record.status === 'validated' && record.errorCount === 0 && (
        <div className="card">
          <p>{t('readyToCommit')}</p>
          <CommitButton id={record.id} />
        </div>
      )}
      {record.status === 'validated' && record.errorCount > 0 && (
        <p className="alert error" role="alert">
          {t('fixAndUpload', { count: record.errorCount })} <Link href={`/imports?kind=${record.kind}`}>{t('uploadAgain')}</Link>
        </p>
      )}
      {record.errors.length > 0 && (
        <>
          <h2>{t('errorsTitle')}</h2>
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
              {record.errors.map((e) => (
                <tr key={e.id}>
                  <td className="num">{e.rowNumber}</td>
                  <td>{e.column ? columnLabel(record.kind, e.column, locale) : ''}</td>
                  <td>{e.value ?? ''}</td>
                  <td>{te.has(e.code) ? te(e.code, e.params) : e.code}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="pager">
            <span className="muted">{t('pageOf', { page, pages, total: record.errorCount })}</span>
            {page > 1 && <Link href={`/imports/${record.id}?page=${page - 1}`}>‹</Link>}
            {page < pages && <Link href={`/imports/${record.id}?page=${page + 1}`}>›</Link>}
          </div>
        </>
      )}
    </section>
  );
}
