import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { env } from '@/lib/platform/config/env';
import { listPlanFilterOptions, listPlans } from '@/lib/plans/queries';
import { listPlansInput, PLAN_STATUS_FILTERS } from '@/lib/plans/schemas';
import { monthOf, monthRange } from '@/lib/platform/time/zone';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PlanStarter } from './plan-starter';
import { PlanStatusBadge } from './status-badge';
import { Pager } from '@/app/_components/pager';
import { FilterBar } from '@/app/_components/filter-bar';
import { filtersFrom, type SearchParams } from '@/app/_components/url-filters';
import { FilterSelect, unitOptions, managerOptions } from '@/app/_components/filter-select';

const FILTER_KEYS = ['month', 'status', 'managerId', 'unitId', 'page'] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export default async function PlansPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('manager', 'supervisor', 'staff', 'admin');
  const params = await searchParams;
  const input: Filters = filtersFrom(params, FILTER_KEYS, listPlansInput);
  const [list, options] = await Promise.all([
    pageLoad(() => listPlans({ ctx, input })),
    pageLoad(() => listPlanFilterOptions({ ctx })),
  ]);
  const [t, tc, format] = await Promise.all([getTranslations('plans'), getTranslations('common'), getFormatter()]);
  const timeZone = env().APP_TIMEZONE;
  const role = ctx.actor.role;
  const monthLabel = (month: string) => format.dateTime(monthRange(month, timeZone).start, { year: 'numeric', month: 'long' });
  const when = (at: Date | null) => (at ? format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  const title = role === 'manager' ? t('list.mine') : role === 'supervisor' ? t('list.queue') : t('list.all');

  return (
    <section>
      <h1>{title}</h1>
      {role === 'manager' && (
        <div className="card">
          <h2>{t('start.title')}</h2>
          <p className="muted">{t('start.hint')}</p>
          <PlanStarter defaultMonth={monthOf(ctx.now(), timeZone)} />
        </div>
      )}

      <FilterBar action="/plans" testId="plan-filters">
        <label>
          {t('fields.month')}
          <input type="month" name="month" defaultValue={input.month ?? ''} />
        </label>
        <label>
          {t('fields.status')}
          <select name="status" defaultValue={list.status}>
            {PLAN_STATUS_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </label>
        {options.units.length > 0 && (
          <FilterSelect label={t('fields.unit')} name="unitId" value={input.unitId} all={tc('all')} options={unitOptions(options.units)} />
        )}
        {options.managers.length > 0 && (
          <FilterSelect label={t('fields.manager')} name="managerId" value={input.managerId} all={tc('all')} options={managerOptions(options.managers.map((m) => ({ id: m.id, displayName: m.displayName })))} />
        )}
      </FilterBar>

      {list.rows.length === 0 ? (
        <p className="muted" data-testid="plans-empty">
          {role === 'supervisor' && list.status === 'submitted' ? t('list.emptyQueue') : t('list.empty')}
        </p>
      ) : (
        <table className="data" data-testid="plans-table">
          <thead>
            <tr>
              <th>{t('fields.month')}</th>
              {role !== 'manager' && <th>{t('fields.manager')}</th>}
              {role !== 'manager' && role !== 'supervisor' && <th>{t('fields.unit')}</th>}
              <th>{t('fields.status')}</th>
              <th className="num">{t('fields.revision')}</th>
              <th className="num">{t('fields.itemCount')}</th>
              <th>{t('fields.submittedAt')}</th>
              <th>{t('fields.reviewedAt')}</th>
              <th>{tc('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((row) => (
              <tr key={row.id}>
                <td>{monthLabel(row.month)}</td>
                {role !== 'manager' && <td>{row.managerName}</td>}
                {role !== 'manager' && role !== 'supervisor' && <td>{row.unitName}</td>}
                <td>
                  <PlanStatusBadge status={row.status} />
                </td>
                <td className="num">{row.revision}</td>
                <td className="num">{row.items}</td>
                <td>{when(row.submittedAt)}</td>
                <td>{when(row.reviewedAt)}</td>
                <td>
                  <Link href={`/plans/${row.id}`}>{row.status === 'submitted' && role !== 'manager' ? t('list.review') : t('list.open')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.total > list.pageSize && (
        <Pager path="/plans" params={input} page={list.page} pageSize={list.pageSize} total={list.total} label={t('list.paging')} />
      )}
    </section>
  );
}
