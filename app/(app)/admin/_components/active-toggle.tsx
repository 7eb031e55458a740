'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import type { ActionResult } from '@/lib/web/safe-action';
import { FeedbackAlert, type Feedback } from '@/app/_components/form-support';

/**
 * Deactivate / reactivate button for a user or a unit. Deactivating asks first, because a
 * deactivated user is signed out at once; reactivating does not.
 */
export function ActiveToggle({
  id,
  active,
  action,
  confirmText,
  testId,
}: {
  id: string;
  active: boolean;
  action: (input: { id: string; active: boolean }) => Promise<ActionResult<unknown>>;
  confirmText: string;
  testId?: string;
}) {
  const t = useTranslations('admin');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [feedback, setFeedback] = useState<Feedback>(null);

  const toggle = () => {
    if (active && !window.confirm(confirmText)) return;
    setFeedback(null);
    start(async () => {
      const result = await action({ id, active: !active });
      if (!result.ok) {
        // A refused toggle names the field (e.g. "not yourself"); that is the useful message.
        const detail = Object.values(result.fieldErrors ?? {})[0];
        setFeedback({ kind: 'error', text: detail ?? result.error });
        return;
      }
      setFeedback({ kind: 'ok', text: active ? t('deactivated') : t('reactivated') });
      router.refresh();
    });
  };

  return (
    <div className="form">
      <div className="row">
        <button type="button" className={active ? 'danger' : 'primary'} disabled={pending} onClick={toggle} data-testid={testId}>
          {active ? t('deactivate') : t('reactivate')}
        </button>
      </div>
      <FeedbackAlert feedback={feedback} />
    </div>
  );
}
