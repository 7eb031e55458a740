import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { getUnit } from '@/lib/org/units';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { ActiveToggle } from '../../_components/active-toggle';
import { setUnitActiveAction } from '../actions';
import { UnitForm } from '../unit-form';

export default async function EditUnitPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageCtx('admin');
  const { id } = await params;
  const unit = await pageLoad(() => getUnit({ ctx, input: { id } }));
  const [t, ta] = await Promise.all([getTranslations('admin.units'), getTranslations('admin')]);
  return (
    <section>
      <div className="row space-between">
        <h1>
          {t('editTitle', { name: unit.name })}{' '}
          <span className={`badge ${unit.active ? 'ok' : 'danger'}`} data-testid="unit-status">
            {unit.active ? ta('active') : ta('inactive')}
          </span>
        </h1>
        <Link href="/admin/units">{t('backToList')}</Link>
      </div>

      <div className="card">
        <UnitForm initial={{ id: unit.id, code: unit.code, name: unit.name, region: unit.region }} />
      </div>

      <h2>{t('statusSection')}</h2>
      <div className="card">
        <p className="muted">
          {t('membersNow', { count: unit.members })}{' '}
          <Link href={`/admin/users?unitId=${unit.id}&active=true`}>{t('showMembers')}</Link>
        </p>
        <p className="muted">{unit.active ? t('deactivateHelp') : t('reactivateHelp')}</p>
        <ActiveToggle
          id={unit.id}
          active={unit.active}
          action={setUnitActiveAction}
          confirmText={unit.members > 0 ? t('confirmDeactivateWithMembers', { name: unit.name, count: unit.members }) : t('confirmDeactivate', { name: unit.name })}
          testId="unit-active-toggle"
        />
      </div>
    </section>
  );
}
