import Link from 'next/link';
import { getFormatter, getLocale, getTranslations } from 'next-intl/server';
import { listImports } from '@/lib/imports/imports';
import { IMPORT_KINDS, type ImportKind } from '@/lib/imports/kinds';
import { STAGE_TONE } from '@/lib/imports/status';
import { acceptedHeaders } from '@/lib/imports/template';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { UploadForm } from './upload-form';

export default async function ImportsPage({ searchParams }: { searchParams: Promise<{ kind?: string; page?: string }> }) {
  const ctx = await pageCtx('staff', 'admin');
  const params = await searchParams;
  const kind = IMPORT_KINDS.includes(params.kind as ImportKind) ? (params.kind as ImportKind) : undefined;
  const page = Math.max(1, Number(params.page) || 1);
  const data = await pageLoad(() => listImports({ ctx, input: { kind, page } }));
  const [t, format, locale] = await Promise.all([getTranslations('imports'), getFormatter(), getLocale()]);
  const pages = Math.max(1, Math.ceil(data.total / data.pageSize));
  return (
    <section>
      <h1>{t('title')}</h1>
      <div className="card">
        <UploadForm defaultKind={kind ?? 'customers'} />
      </div>
      <details className="card">
        <summary>{t('acceptedHeaders')}</summary>
        {IMPORT_KINDS.map((k) => (
          <div key={k}>
            <h3>
              {t(`kind.${k}`)} · <a href={`/api/imports/template/${k}`}>{t('downloadTemplate')}</a>
            </h3>
            <table className="data">
              <thead>
                <tr>
                  <th>{t('column')}</th>
                  <th>{t('headersAccepted')}</th>
                  <th>{t('required')}</th>
                </tr>
              </thead>
              <tbody>
                {acceptedHeaders(k).map((c) => (
                  <tr key={c.key}>
                    <td>{locale === 'en' ? (c.headers.find((h) => /^[\x20-\x7e]+$/.test(h)) ?? c.key) : c.headers[0]}</td>
                    <td className="small">{c.headers.join(' / ')}</td>
                    <td>{c.required ? '✓' : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
        <p className="muted small">{t('formatsNote')}</p>
      </details>
      <div className="toolbar">
        {[undefined, ...IMPORT_KINDS].map((k) => (
          <Link key={k ?? 'all'} href={k ? `/imports?kind=${k}` : '/imports'} className={`badge ${k === kind ? 'info' : ''}`}>
            {k ? t(`kind.${k}`) : t('allKinds')}
          </Link>
        ))}
      </div>
      {data.rows.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th>{t('file')}</th>
              <th>{t('kindLabel')}</th>
              <th>{t('status')}</th>
              <th className="num">{t('rows')}</th>
              <th className="num">{t('errorCount')}</th>
              <th>{t('uploadedBy')}</th>
              <th>{t('uploadedAt')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <Link href={`/imports/${r.id}`}>{r.fileName}</Link>
                </td>
                <td>{t(`kind.${r.kind}`)}</td>
                <td>
                  <span className={`badge ${STAGE_TONE[r.stage]}`}>{t(`stage.${r.stage}`)}</span>
                </td>
                <td className="num">{r.totalRows}</td>
                <td className="num">{r.errorCount}</td>
                <td>{r.createdByName}</td>
                <td>{format.dateTime(r.createdAt, { dateStyle: 'short', timeStyle: 'short' })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="pager">
        <span className="muted">{t('pageOf', { page, pages, total: data.total })}</span>
        {page > 1 && <Link href={`/imports?${new URLSearchParams({ ...(kind ? { kind } : {}), page: String(page - 1) })}`}>‹</Link>}
        {page < pages && <Link href={`/imports?${new URLSearchParams({ ...(kind ? { kind } : {}), page: String(page + 1) })}`}>›</Link>}
      </div>
    </section>
  );
}
