import { getTranslations } from 'next-intl/server';
import { listUnits } from '@/lib/org/units';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { UserCreateForm } from './user-create-form';

export default async function NewUserPage() {
  const ctx = await pageCtx('admin');
  const units = await pageLoad(() => listUnits({ ctx }));
  const t = await getTranslations('admin.users');
  return (
    <section>
      <h1>{t('newTitle')}</h1>
      <div className="card">
        <UserCreateForm units={units.filter((u) => u.active).map(({ id, code, name, active }) => ({ id, code, name, active }))} />
      </div>
    </section>
  );
}
