import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { listUnits } from '@/lib/org/units';
import { displayPhone } from '@/lib/users/phone';
import { signInRestriction } from '@/lib/auth/sign-in';
import { getUser } from '@/lib/users/users';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { ActiveToggle } from '../../_components/active-toggle';
import { setUserActiveAction } from '../actions';
import { ResetPasswordForm } from './reset-password-form';
import { UnlockSignInButton } from './unlock-sign-in-button';
import { UserEditForm } from './user-edit-form';

export default async function EditUserPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await pageCtx('admin');
  const { id } = await params;
  const [user, units, restriction] = await pageLoad(() =>
    Promise.all([getUser({ ctx, input: { id } }), listUnits({ ctx }), signInRestriction({ ctx, input: { id } })]),
  );
  const [t, ta, tr, format] = await Promise.all([
    getTranslations('admin.users'),
    getTranslations('admin'),
    getTranslations('common.roles'),
    getFormatter(),
  ]);
  const isSelf = user.id === ctx.actor.id;
  // Closed units are not offered, except the one this user is still in.
  const unitOptions = units
    .filter((u) => u.active || u.id === user.unitId)
    .map(({ id: unitId, code, name, active }) => ({ id: unitId, code, name, active }));

  return (
    <section>
      <div className="row space-between">
        <h1>
          {t('editTitle', { name: user.displayName })}{' '}
          <span className={`badge ${user.active ? 'ok' : 'danger'}`} data-testid="user-status">
            {user.active ? ta('active') : ta('inactive')}
          </span>
        </h1>
        <Link href="/admin/users">{t('backToList')}</Link>
      </div>

      <div className="card">
        <dl className="facts">
          <dt>{t('username')}</dt>
          <dd>{user.username}</dd>
          <dt>{t('role')}</dt>
          <dd>{tr(user.role)}</dd>
          <dt>{t('createdAt')}</dt>
          <dd>{format.dateTime(user.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</dd>
          <dt>{t('updatedAt')}</dt>
          <dd>{format.dateTime(user.updatedAt, { dateStyle: 'medium', timeStyle: 'short' })}</dd>
        </dl>
      </div>

      <h2>{t('profileSection')}</h2>
      <div className="card">
        <UserEditForm
          initial={{
            id: user.id,
            displayName: user.displayName,
            role: user.role,
            unitId: user.unitId,
            phone: user.phone ? displayPhone(user.phone) : '',
          }}
          units={unitOptions}
        />
      </div>

      <h2>{t('passwordSection')}</h2>
      <div className="card">
        <ResetPasswordForm id={user.id} />
      </div>

      <h2>{t('signInSection')}</h2>
      <div className="card" data-testid="sign-in-restriction">
        <p className="muted">
          {restriction.waitingAddresses > 0
            ? t('signInWaiting', { addresses: restriction.waitingAddresses, minutes: Math.ceil(restriction.longestWaitSeconds / 60) })
            : t('signInFree')}
        </p>
        <p className="muted small">{t('signInHelp')}</p>
        <UnlockSignInButton id={user.id} />
      </div>

      <h2>{t('statusSection')}</h2>
      <div className="card">
        <p className="muted">{user.active ? t('deactivateHelp') : t('reactivateHelp')}</p>
        {isSelf ? (
          <p className="alert warn">{t('cannotDeactivateSelf')}</p>
        ) : (
          <ActiveToggle
            id={user.id}
            active={user.active}
            action={setUserActiveAction}
            confirmText={t('confirmDeactivate', { name: user.displayName })}
            testId="user-active-toggle"
          />
        )}
      </div>
    </section>
  );
}
