'use client';

import { useTranslations } from 'next-intl';
import { useRefreshingAction } from '@/app/_components/action-button';
import { FeedbackAlert } from '@/app/_components/form-support';
import { unlockSignInAction } from '../actions';

/** 解除登录限制: every address may try this account's password again at once (audited). */
export function UnlockSignInButton({ id }: { id: string }) {
  const t = useTranslations('admin.users');
  const { pending, feedback, run } = useRefreshingAction();
  const unlock = () => run(() => unlockSignInAction({ id }), { done: t('signInUnlocked') });

  return (
    <div className="form">
      <div className="row">
        <button type="button" disabled={pending} onClick={unlock} data-testid="unlock-sign-in">
          {t('unlockSignIn')}
        </button>
      </div>
      <FeedbackAlert feedback={feedback} />
    </div>
  );
}
