import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { VISIT_TYPES } from '@/lib/visits/rules';
import { listVisitsInput } from '@/lib/visits/schemas';
import { listVisitManagers, listVisits } from '@/lib/visits/visits';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { Pager } from '@/app/_components/pager';
import { FilterBar } from '@/app/_components/filter-bar';
import { VerdictBadge } from '@/app/(app)/assessment/_components/month-view';
import { FilterSelect, managerOptions } from '@/app/_components/filter-select';
import { ExportLinks } from '@/app/_components/export-links';

const PAGE_SIZE = 50;
const FILTER_KEYS = ['month', 'managerId', 'q', 'type', 'late', 'backfill', 'verdict'] as const;
const VERDICTS = ['valid', 'invalid', 'unverified', 'pending'] as const;

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** A hand-edited URL with a bad filter drops that filter instead of failing the page. */
function readFilters(raw: SearchParams) {
  const values: Record<string, string | undefined> = Object.fromEntries([...FILTER_KEYS, 'page'].map((k) => [k, first(raw[k])?.trim() || undefined]));
  const parsed = listVisitsInput.safeParse({ ...values, pageSize: PAGE_SIZE });
  if (parsed.success) return { filters: parsed.data, values };
  for (const issue of parsed.error.issues) delete values[String(issue.path[0])];
  return { filters: listVisitsInput.parse({ ...values, pageSize: PAGE_SIZE }), values };
}

export default async function VisitsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('manager', 'supervisor', 'staff', 'admin');
  const { filters, values } = readFilters(await searchParams);
  const [result, managers] = await pageLoad(() => Promise.all([listVisits({ ctx, input: filters }), listVisitManagers({ ctx })]));
  const [t, tc, ta, format] = await Promise.all([getTranslations('visits'), getTranslations('common'), getTranslations('assessment'), getFormatter()]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <section>
      <div className="row space-between">
        <h1>{t('title')}</h1>
        <ExportLinks kind="visits" filters={{ ...values, page: undefined }} testId="visits-export" />
        {ctx.actor.role === 'manager' && (
          <Link href="/visits/new" data-testid="new-visit">
            {t('new')}
          </Link>
        )}
      </div>

      <FilterBar action="/visits" primary>
        <label>
          {t('month')}
          <input type="month" name="month" defaultValue={values.month ?? ''} />
        </label>
        {managers.length > 0 && (
          <FilterSelect label={t('manager')} name="managerId" value={values.managerId} all={t('allManagers')} options={managerOptions(managers)} />
        )}
        <label>
          {t('search')}
          <input name="q" defaultValue={values.q ?? ''} placeholder={t('searchPlaceholder')} maxLength={100} />
        </label>
        <FilterSelect label={t('type')} name="type" value={values.type} all={t('allTypes')} options={VISIT_TYPES.map((type) => ({ value: type, label: tc(`visitType.${type}`) }))} />
        <FilterSelect
          label={t('timeliness')}
          name="late"
          value={values.late}
          all={tc('all')}
          options={[
            { value: 'true', label: t('lateOnly') },
            { value: 'false', label: t('onTimeOnly') },
          ]}
        />
        <FilterSelect
          label={t('backfill.filter')}
          name="backfill"
          value={values.backfill}
          all={tc('all')}
          options={(['pending', 'approved', 'rejected'] as const).map((b) => ({ value: b, label: t(`backfill.${b}Only`) }))}
          testId="filter-backfill"
        />
        <FilterSelect label={t('verdict')} name="verdict" value={values.verdict} all={tc('all')} options={VERDICTS.map((v) => ({ value: v, label: ta(`verdicts.status.${v}`) }))} testId="filter-verdict" />
      </FilterBar>

      {result.rows.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <table className="data" data-testid="visits-table">
          <thead>
            <tr>
              <th>{t('visitedAt')}</th>
              <th>{t('customer')}</th>
              {ctx.actor.role !== 'manager' && <th>{t('manager')}</th>}
              <th>{t('contacts')}</th>
              <th>{t('type')}</th>
              <th>{t('purpose')}</th>
              <th>{t('reportedAt')}</th>
              <th>{t('verdict')}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((v) => (
              <tr key={v.id} data-testid="visit-row">
                <td>
                  <Link href={`/visits/${v.id}`}>{when(v.visitedAt)}</Link>
                </td>
                <td>
                  {v.customerName}
                  <div className="muted small">{v.groupCode}</div>
                </td>
                {ctx.actor.role !== 'manager' && <td>{v.managerName}</td>}
                <td>{v.contactNames}</td>
                <td>{tc(`visitType.${v.type}`)}</td>
                <td>{v.purpose}</td>
                <td>
                  {when(v.reportedAt)}{' '}
                  {v.late && (
                    <span className="badge warn" data-testid="late-badge">
                      {t('late')}
                    </span>
                  )}
                  {v.source === 'import' && <span className="badge">{tc('source.import')}</span>}
                  {v.backfill && (
                    <span className={`badge ${v.backfill === 'pending' ? 'warn' : ''}`} data-testid="backfill-badge">
                      {t(`backfill.badge.${v.backfill}`)}
                    </span>
                  )}
                </td>
                <td>
                  <VerdictBadge status={v.verdict} label={ta(`verdicts.status.${v.verdict}`)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <Pager path="/visits" params={values} page={result.page} pageSize={result.pageSize} total={result.total} label={t('paging')} />
    </section>
  );
}
