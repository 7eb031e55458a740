import { getTranslations } from 'next-intl/server';
import { getProfile } from '@/lib/users/profile';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PasswordForm } from './password-form';

export default async function ProfilePage() {
  const ctx = await pageCtx();
  const profile = await pageLoad(() => getProfile({ ctx }));
  const t = await getTranslations('profile');
  const tr = await getTranslations('common.roles');
  return (
    <section>
      <h1>{t('title')}</h1>
      <dl className="facts">
        <dt>{t('username')}</dt>
        <dd>{profile.username}</dd>
        <dt>{t('displayName')}</dt>
        <dd>{profile.displayName}</dd>
        <dt>{t('role')}</dt>
        <dd data-testid="profile-role">{tr(profile.role)}</dd>
        <dt>{t('unit')}</dt>
        <dd>{profile.unitName ?? '—'}</dd>
        <dt>{t('phone')}</dt>
        <dd>{profile.phone ?? '—'}</dd>
      </dl>
      <h2>{t('passwordSection')}</h2>
      <div className="card">
        <p className="muted">{t('passwordSectionHelp')}</p>
        <PasswordForm />
      </div>
    </section>
  );
}
