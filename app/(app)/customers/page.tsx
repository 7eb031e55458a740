import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { seesEverything } from '@/lib/auth/guards';
import { listManagerOptions } from '@/lib/claims/claims';
import { listCustomers } from '@/lib/customers/customers';
import { listCustomersInput } from '@/lib/customers/schemas';
import { listUnits } from '@/lib/org/units';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { ClassBadge } from '@/app/(app)/customers/_components/class-badge';
import { Pager } from '@/app/_components/pager';
import { FilterBar } from '@/app/_components/filter-bar';
import { FilterSelect, unitOptions, managerOptions } from '@/app/_components/filter-select';

type Search = Record<string, string | string[] | undefined>;
const FILTERS = ['q', 'class', 'unitId', 'managerId', 'status'] as const;

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await pageCtx('admin', 'staff', 'supervisor', 'manager');
  const params = await searchParams;
  const raw = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]).filter(([, v]) => v));
  const filters = listCustomersInput.parse(raw);
  const everything = seesEverything(ctx.actor);
  const [data, units, managers] = await pageLoad(() =>
    Promise.all([
      listCustomers({ ctx, input: filters }),
      everything ? listUnits({ ctx }) : Promise.resolve([]),
      ctx.actor.role === 'manager' ? Promise.resolve([]) : listManagerOptions({ ctx }),
    ]),
  );
  const [t, tc] = await Promise.all([getTranslations('customers'), getTranslations('common')]);

  return (
    <section>
      <div className="row space-between">
        <h1>{t('title')}</h1>
        {everything && <Link href="/imports?kind=customers">{t('importLink')}</Link>}
      </div>

      <FilterBar action="/customers" primary>
        <label>
          {tc('search')}
          <input name="q" defaultValue={filters.q ?? ''} placeholder={t('search')} maxLength={64} data-testid="customer-search" />
        </label>
        <FilterSelect label={t('class')} name="class" value={filters.class} all={t('allClasses')} options={['A', 'B', 'C', 'D'].map((c) => ({ value: c, label: t('classBadge', { class: c }) }))} />
        {everything && (
          <FilterSelect label={t('unit')} name="unitId" value={filters.unitId} all={t('allUnits')} options={unitOptions(units)} />
        )}
        {managers.length > 0 && (
          <FilterSelect label={t('manager')} name="managerId" value={filters.managerId} all={t('allManagers')} options={managerOptions(managers)} />
        )}
        <FilterSelect label={t('status')} name="status" value={filters.status} all={t('allStatuses')} options={(['active', 'inactive'] as const).map((s) => ({ value: s, label: t(`statusName.${s}`) }))} />
      </FilterBar>

      {data.rows.length === 0 ? (
        <p className="muted">{t('none')}</p>
      ) : (
        <table className="data" data-testid="customer-list">
          <thead>
            <tr>
              <th>{t('groupCode')}</th>
              <th>{t('name')}</th>
              <th>{t('class')}</th>
              <th>{t('unit')}</th>
              <th>{t('currentManager')}</th>
              <th className="num">{t('contacts')}</th>
              <th>{t('status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((r) => (
              <tr key={r.id}>
                <td>{r.groupCode}</td>
                <td>
                  <Link href={`/customers/${r.id}`}>{r.name}</Link>
                </td>
                <td>
                  <ClassBadge value={r.class} label={t('classBadge', { class: r.class })} />
                </td>
                <td>{r.unitName}</td>
                <td>{r.managerName ?? <span className="muted">{t('unclaimed')}</span>}</td>
                <td className="num">
                  {r.contactCount}{' '}
                  {r.belowContactMinimum && (
                    <span className="badge warn" title={t('contactsBelowHelp', { min: data.minContactsAB })} data-testid="contacts-below">
                      {t('contactsBelow', { min: data.minContactsAB })}
                    </span>
                  )}
                </td>
                <td>
                  <span className={`badge ${r.status === 'active' ? 'ok' : 'danger'}`}>{t(`statusName.${r.status}`)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager path="/customers" params={Object.fromEntries(FILTERS.map((key) => [key, filters[key]]))} page={data.page} pageSize={data.pageSize} total={data.total} label={t('title')} />
    </section>
  );
}
