import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listDisputes } from '@/lib/disputes/queries';
import { DISPUTE_STATES, listDisputesInput, type DisputeState } from '@/lib/disputes/schemas';
import type { RootTranslator } from '@/lib/visits/verdict-text';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { DisputeStateBadge, OverdueBadge } from './_components/state-badge';
import { subjectText } from './_components/subject-text';
import { Pager, pageHref } from '@/app/_components/pager';
import { FilterBar } from '@/app/_components/filter-bar';
import { filtersFrom, type SearchParams } from '@/app/_components/url-filters';

const FILTER_KEYS = ['state', 'overdue', 'month', 'managerId', 'page'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

/** The tabs: undecided, each state, all; and the overdue ones. */
const TABS = ['active', ...DISPUTE_STATES, 'all'] as const;

/**
 * 申诉: a manager's own disputes, a supervisor's unit's, every dispute for staff and admin (the
 * verb scopes). Tabs by state with counts, overdue ones highlighted with their deadline, a month
 * filter and paging.
 */
export default async function DisputesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('manager', 'supervisor', 'staff', 'admin');
  const params = await searchParams;
  const parsed: Filters = filtersFrom(params, FILTER_KEYS, listDisputesInput);
  // A manager opens on 全部 (their few disputes, decided ones included); reviewers on the undecided
  // ones they have to act on.
  const defaultState = ctx.actor.role === 'manager' ? 'all' : 'active';
  const input: Filters = { ...parsed, state: parsed.state ?? (parsed.overdue ? undefined : defaultState) };
  const list = await pageLoad(() => listDisputes({ ctx, input }));
  const [t, tc, root, format] = await Promise.all([getTranslations('disputes'), getTranslations('common'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  const role = ctx.actor.role;
  const when = (at: Date | null) => (at ? format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  const day = (at: Date) => format.dateTime(at, { dateStyle: 'medium' });
  const overdueOnly = input.overdue === 'true' || input.overdue === '1';
  const currentTab = overdueOnly ? 'overdue' : (input.state ?? defaultState);
  const counts = list.counts;
  const countOf = (tab: string): number => {
    if (tab === 'overdue') return counts.overdue;
    if (tab === 'active') return counts.open + counts.under_review;
    if (tab === 'all') return DISPUTE_STATES.reduce((sum, s) => sum + counts[s], 0);
    return counts[tab as DisputeState];
  };
  const tabHref = (change: Filters) => pageHref('/disputes', { ...input, ...change }, 1);
  const title = role === 'manager' ? t('list.mine') : role === 'supervisor' ? t('list.unit') : t('list.all');
  const showManager = role !== 'manager';

  return (
    <section>
      <h1>{title}</h1>
      <p className="muted small">{role === 'manager' ? t('list.introManager') : t('list.introReviewer')}</p>

      <nav className="toolbar" aria-label={t('list.tabs')} data-testid="dispute-tabs">
        {[...TABS, 'overdue' as const].map((tab) => (
          <Link
            key={tab}
            href={tabHref({ state: tab === 'overdue' ? undefined : tab, overdue: tab === 'overdue' ? 'true' : undefined })}
            aria-current={currentTab === tab ? 'page' : undefined}
            className={`badge ${currentTab === tab ? 'info' : ''} ${tab === 'overdue' && counts.overdue > 0 ? 'danger' : ''}`}
            data-testid={`dispute-tab-${tab}`}
          >
            {t(`tabs.${tab}`)} <span data-testid="dispute-tab-count">{countOf(tab)}</span>
          </Link>
        ))}
      </nav>

      <FilterBar action="/disputes" testId="dispute-filters">
        {input.state && <input type="hidden" name="state" value={input.state} />}
        {input.overdue && <input type="hidden" name="overdue" value={input.overdue} />}
        {input.managerId && <input type="hidden" name="managerId" value={input.managerId} />}
        <label>
          {t('fields.month')}
          <input type="month" name="month" defaultValue={input.month ?? ''} />
        </label>
      </FilterBar>

      {list.rows.length === 0 ? (
        <p className="muted" data-testid="disputes-empty">
          {currentTab !== 'all' && countOf('all') > 0 ? (
            <>
              {t('list.emptyTab', { tab: t(`tabs.${currentTab}`), total: countOf('all') })}{' '}
              <Link href={tabHref({ state: 'all', overdue: undefined })} data-testid="disputes-empty-all">
                {t('list.showAll')}
              </Link>
            </>
          ) : (
            t('list.empty')
          )}
        </p>
      ) : (
        <table className="data" data-testid="disputes-table">
          <thead>
            <tr>
              <th>{t('fields.filedAt')}</th>
              {showManager && <th>{t('fields.manager')}</th>}
              <th>{t('fields.customer')}</th>
              <th>{t('fields.visitedAt')}</th>
              <th>{t('fields.subject')}</th>
              <th>{t('fields.state')}</th>
              <th>{t('fields.respondBy')}</th>
              <th>{t('fields.decidedAt')}</th>
              <th>{tc('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((row) => (
              <tr
                key={row.id}
                data-testid="dispute-row"
                data-state={row.state}
                data-overdue={row.overdue ? 'true' : 'false'}
                style={row.overdue ? { background: 'var(--warn-bg)' } : undefined}
              >
                <td>{when(row.filedAt)}</td>
                {showManager && (
                  <td>
                    {row.managerName}
                    {row.unitName && <div className="muted small">{row.unitName}</div>}
                  </td>
                )}
                <td>{row.customerName}</td>
                <td>
                  {day(row.visitedAt)}
                  {/* A spot check asks about the visit as planned: the time is the plan's. */}
                  {row.subject === 'spot_check' && <span className="muted small"> {t('list.planned')}</span>}
                </td>
                <td>{subjectText(tr, row.subject, row.findingCode)}</td>
                <td>
                  <DisputeStateBadge state={row.state} />
                </td>
                <td>
                  {when(row.respondBy)} {row.overdue && <OverdueBadge />}
                </td>
                <td>{when(row.decidedAt)}</td>
                <td>
                  <Link href={`/disputes/${row.id}`}>{role === 'staff' && (row.state === 'open' || row.state === 'under_review') ? t('list.review') : t('list.open')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.total > list.pageSize && (
        <Pager path="/disputes" params={input} page={list.page} pageSize={list.pageSize} total={list.total} label={t('list.paging')} />
      )}
    </section>
  );
}
