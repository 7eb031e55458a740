'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { FeedbackAlert, type Feedback } from '@/app/_components/form-support';
import { unlockSignInAction } from '../actions';

/** 解除登录限制: every address may try this account's password again at once (audited). */
export function UnlockSignInButton({ id }: { id: string }) {
  const t = useTranslations('admin.users');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [feedback, setFeedback] = useState<Feedback>(null);

  const unlock = () => {
    setFeedback(null);
    start(async () => {
      const result = await unlockSignInAction({ id });
      if (!result.ok) {
        setFeedback({ kind: 'error', text: result.error });
        return;
      }
      setFeedback({ kind: 'ok', text: t('signInUnlocked') });
      router.refresh();
    });
  };

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
