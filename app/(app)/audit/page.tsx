import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { actionLabel, AUDIT_ACTIONS, AUDIT_ENTITY_TYPES, auditSentence, entityLabel, personText, recordHref } from '@/lib/audit-trail/catalogue';
import { listAuditEntries, listAuditPeople } from '@/lib/audit-trail/queries';
import { listAuditEntriesInput } from '@/lib/audit-trail/schemas';
import type { RootTranslator } from '@/lib/visits/verdict-text';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { ExportLinks } from '@/app/_components/export-links';
import { filtersFrom, type SearchParams } from '@/app/_components/url-filters';
import { FilterSelect } from '@/app/_components/filter-select';
import { Pager, pageHref } from '@/app/_components/pager';

const FILTER_KEYS = ['actorId', 'entityType', 'entityId', 'action', 'from', 'to', 'page'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/**
 * 操作记录: the audit log for staff and admin, newest first — who did what to which record, each
 * entry a sentence — filtered by person, action, kind of record (or one record) and days.
 */
export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('staff', 'admin');
  const params = await searchParams;
  // A hand-edited address with a bad filter shows the whole log rather than an error page.
  const input: Filters = filtersFrom(params, FILTER_KEYS, listAuditEntriesInput);
  const [list, people] = await Promise.all([pageLoad(() => listAuditEntries({ ctx, input })), pageLoad(() => listAuditPeople({ ctx }))]);
  const [t, tc, root, format] = await Promise.all([getTranslations('auditTrail'), getTranslations('common'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  const role = ctx.actor.role;
  const when = (at: Date) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'medium' });
  const recordFilter = (entityType: string, entityId: string) => pageHref('/audit', { entityType, entityId }, 1);

  return (
    <section>
      <div className="row space-between">
        <h1>{t('title')}</h1>
        <ExportLinks kind="audit-log" filters={{ ...input, page: undefined }} testId="audit-export" />
      </div>
      <p className="muted small">{t('intro')}</p>

      <form method="get" action="/audit" className="toolbar" data-testid="audit-filters">
        <FilterSelect
          label={t('filters.person')}
          name="actorId"
          value={input.actorId}
          all={t('filters.allPeople')}
          testId="audit-filter-person"
          options={people.map((p) => ({ value: p.id, label: `${personText(tr, p)} · ${t(`roles.${p.role}`)}` }))}
        />
        <FilterSelect
          label={t('filters.action')}
          name="action"
          value={input.action}
          all={t('filters.allActions')}
          testId="audit-filter-action"
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: actionLabel(tr, a) }))}
        />
        <FilterSelect
          label={t('filters.entityType')}
          name="entityType"
          value={input.entityType}
          all={t('filters.allEntityTypes')}
          testId="audit-filter-entity-type"
          options={AUDIT_ENTITY_TYPES.map((e) => ({ value: e, label: entityLabel(tr, e) }))}
        />
        {input.entityId && <input type="hidden" name="entityId" value={input.entityId} />}
        <label>
          {t('filters.from')}
          <input type="date" name="from" defaultValue={input.from ?? ''} data-testid="audit-filter-from" />
        </label>
        <label>
          {t('filters.to')}
          <input type="date" name="to" defaultValue={input.to ?? ''} data-testid="audit-filter-to" />
        </label>
        <button type="submit">{tc('filter')}</button>
        <Link href="/audit">{tc('reset')}</Link>
      </form>

      {input.entityId && (
        <p className="row" data-testid="audit-record-filter">
          <span className="badge info">
            {t('filters.record')} · {input.entityType ? entityLabel(tr, input.entityType) : ''}
          </span>
          <Link href={pageHref('/audit', { ...input, entityId: undefined }, 1)}>{t('filters.clearRecord')}</Link>
        </p>
      )}

      {list.rows.length === 0 ? (
        <p className="muted" data-testid="audit-empty">
          {t('empty')}
        </p>
      ) : (
        <table className="data" data-testid="audit-table">
          <thead>
            <tr>
              <th>{t('columns.at')}</th>
              <th>{t('columns.person')}</th>
              <th>{t('columns.what')}</th>
              <th>{t('columns.record')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((entry) => {
              const href = recordHref(entry, role);
              return (
                <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
                  <td style={{ whiteSpace: 'nowrap' }}>{when(entry.at)}</td>
                  <td>{personText(tr, entry.actor)}</td>
                  <td style={{ overflowWrap: 'anywhere' }}>
                    {/* One block, so the phone's card layout stacks the sentence over its action's name. */}
                    <div>
                      <div data-testid="audit-sentence">{auditSentence(tr, entry)}</div>
                      <div className="muted small">{actionLabel(tr, entry.action)}</div>
                    </div>
                  </td>
                  <td>
                    <div>
                      {href && (
                        <div>
                          <Link href={href} data-testid="audit-record-link">
                            {t('open')} {entityLabel(tr, entry.entityType)}
                          </Link>
                        </div>
                      )}
                      {entry.entityId && !input.entityId && (
                        <div className="small">
                          <Link href={recordFilter(entry.entityType, entry.entityId)} data-testid="audit-record-entries">
                            {t('recordEntries')}
                          </Link>
                        </div>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {list.total > list.pageSize && <Pager path="/audit" params={input} page={list.page} pageSize={list.pageSize} total={list.total} label={t('paging')} />}
    </section>
  );
}
