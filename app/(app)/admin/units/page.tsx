import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { listUnits } from '@/lib/org/units';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { UnitForm } from './unit-form';

export default async function UnitsPage() {
  const ctx = await pageCtx('admin');
  const units = await pageLoad(() => listUnits({ ctx }));
  const [t, ta, tc] = await Promise.all([getTranslations('admin.units'), getTranslations('admin'), getTranslations('common')]);
  return (
    <section>
      <h1>{t('title')}</h1>

      {units.length === 0 ? (
        <p className="muted">{tc('empty')}</p>
      ) : (
        <table className="data" data-testid="units-table">
          <thead>
            <tr>
              <th>{t('code')}</th>
              <th>{t('name')}</th>
              <th>{t('region')}</th>
              <th className="num">{t('members')}</th>
              <th>{t('status')}</th>
              <th>{tc('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {units.map((unit) => (
              <tr key={unit.id}>
                <td>{unit.code}</td>
                <td>{unit.name}</td>
                <td>{unit.region}</td>
                <td className="num">
                  <Link href={`/admin/users?unitId=${unit.id}&active=true`}>{unit.members}</Link>
                </td>
                <td>
                  <span className={`badge ${unit.active ? 'ok' : 'danger'}`}>{unit.active ? ta('active') : ta('inactive')}</span>
                </td>
                <td>
                  <Link href={`/admin/units/${unit.id}`}>{tc('edit')}</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h2>{t('new')}</h2>
      <div className="card">
        <UnitForm />
      </div>
    </section>
  );
}
