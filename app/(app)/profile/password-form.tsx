'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { changeOwnPasswordInput } from '@/lib/users/user-schemas';
import { applyServerErrors, FeedbackAlert, FieldError, type Feedback } from '@/app/_components/form-support';
import { changeOwnPasswordAction } from './actions';

type Values = z.infer<typeof changeOwnPasswordInput>;

export function PasswordForm() {
  const t = useTranslations('profile');
  const tc = useTranslations('common');
  const [feedback, setFeedback] = useState<Feedback>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Values>({
    resolver: zodResolver(changeOwnPasswordInput),
    defaultValues: { currentPassword: '', newPassword: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    const result = await changeOwnPasswordAction(values);
    if (!result.ok) {
      const unplaced = applyServerErrors(setError, result.fieldErrors, ['currentPassword', 'newPassword']);
      setFeedback({ kind: 'error', text: [result.error, ...unplaced].join(' ') });
      return;
    }
    reset({ currentPassword: '', newPassword: '' });
    setFeedback({ kind: 'ok', text: t('passwordChanged') });
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid="change-password-form">
      <label>
        {t('currentPassword')}
        <input type="password" autoComplete="current-password" {...register('currentPassword')} aria-invalid={!!formState.errors.currentPassword} />
        <FieldError error={formState.errors.currentPassword} />
      </label>
      <label>
        {t('newPassword')}
        <input type="password" autoComplete="new-password" {...register('newPassword')} aria-invalid={!!formState.errors.newPassword} />
        <span className="muted small">{t('passwordHint')}</span>
        <FieldError error={formState.errors.newPassword} />
      </label>
      <FeedbackAlert feedback={feedback} />
      <div className="row">
        <button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? tc('loading') : t('changePassword')}
        </button>
      </div>
    </form>
  );
}
