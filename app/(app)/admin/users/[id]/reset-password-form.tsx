'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { resetPasswordInput } from '@/lib/users/user-schemas';
import { applyServerErrors, FeedbackAlert, FieldError, type Feedback } from '@/app/_components/form-support';
import { resetPasswordAction } from '../actions';

type Values = z.infer<typeof resetPasswordInput>;

export function ResetPasswordForm({ id }: { id: string }) {
  const t = useTranslations('admin.users');
  const tc = useTranslations('common');
  const [feedback, setFeedback] = useState<Feedback>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Values>({
    resolver: zodResolver(resetPasswordInput),
    defaultValues: { id, password: '' },
  });

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    const result = await resetPasswordAction(values);
    if (!result.ok) {
      const unplaced = applyServerErrors(setError, result.fieldErrors, ['password']);
      setFeedback({ kind: 'error', text: [result.error, ...unplaced].join(' ') });
      return;
    }
    reset({ id, password: '' });
    setFeedback({ kind: 'ok', text: t('passwordReset') });
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid="reset-password-form">
      <label>
        {t('newPassword')}
        <input type="password" autoComplete="new-password" {...register('password')} aria-invalid={!!formState.errors.password} />
        <span className="muted small">{t('passwordHint')}</span>
        <FieldError error={formState.errors.password} />
      </label>
      <FeedbackAlert feedback={feedback} />
      <div className="row">
        <button type="submit" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? tc('loading') : t('resetPassword')}
        </button>
      </div>
    </form>
  );
}
