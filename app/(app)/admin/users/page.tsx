import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { ROLES } from '@/lib/platform/core/context';
import { listUnits } from '@/lib/org/units';
import { maskPhone } from '@/lib/users/phone';
import { listUsers, listUsersInput } from '@/lib/users/users';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { Pager } from '@/app/_components/pager';
import { FilterBar } from '@/app/_components/filter-bar';
import { FilterSelect } from '@/app/_components/filter-select';
import { UnitOptions } from './user-fields';

const PAGE_SIZE = 50;

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function UsersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const ctx = await pageCtx('admin');
  const raw = await searchParams;
  const filters = listUsersInput.parse({
    q: first(raw.q),
    role: first(raw.role) || undefined,
    unitId: first(raw.unitId) || undefined,
    active: first(raw.active) || undefined,
    page: first(raw.page),
    pageSize: PAGE_SIZE,
  });
  const [result, units] = await pageLoad(() => Promise.all([listUsers({ ctx, input: filters }), listUnits({ ctx })]));
  const [t, ta, tc, tr] = await Promise.all([
    getTranslations('admin.users'),
    getTranslations('admin'),
    getTranslations('common'),
    getTranslations('common.roles'),
  ]);

  return (
    <section>
      <div className="row space-between">
        <h1>{t('title')}</h1>
        <Link href="/admin/users/new" data-testid="new-user">
          {t('new')}
        </Link>
      </div>

      <FilterBar action="/admin/users" primary>
        <label>
          {tc('search')}
          <input name="q" defaultValue={filters.q ?? ''} placeholder={t('searchPlaceholder')} maxLength={64} />
        </label>
        <FilterSelect label={t('role')} name="role" value={filters.role} all={tc('all')} options={ROLES.map((role) => ({ value: role, label: tr(role) }))} />
        <label>
          {t('unit')}
          <select name="unitId" defaultValue={filters.unitId ?? ''}>
            <option value="">{tc('all')}</option>
            <UnitOptions units={units} />
          </select>
        </label>
        <FilterSelect
          label={t('status')}
          name="active"
          value={filters.active}
          all={tc('all')}
          options={[
            { value: 'true', label: ta('active') },
            { value: 'false', label: ta('inactive') },
          ]}
        />
      </FilterBar>

      {result.rows.length === 0 ? (
        <p className="muted">{tc('empty')}</p>
      ) : (
        <table className="data" data-testid="users-table">
          <thead>
            <tr>
              <th>{t('username')}</th>
              <th>{t('displayName')}</th>
              <th>{t('role')}</th>
              <th>{t('unit')}</th>
              <th>{t('phone')}</th>
              <th>{t('status')}</th>
              <th>{tc('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((user) => (
              <tr key={user.id}>
                <td>{user.username}</td>
                <td>{user.displayName}</td>
                <td>{tr(user.role)}</td>
                <td>{user.unitName ?? '—'}</td>
                {/* Masked in the list: the full number is only on the edit page, where it is needed. */}
                <td>{user.phone ? maskPhone(user.phone) : '—'}</td>
                <td>
                  <span className={`badge ${user.active ? 'ok' : 'danger'}`}>{user.active ? ta('active') : ta('inactive')}</span>
                </td>
                <td>
                  <Link href={`/admin/users/${user.id}`}>{tc('edit')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <Pager
        path="/admin/users"
        params={{ q: filters.q, role: filters.role, unitId: filters.unitId, active: filters.active }}
        page={result.page}
        pageSize={result.pageSize}
        total={result.total}
        label={t('paging')}
      />
    </section>
  );
}
