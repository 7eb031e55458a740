'use client';

import { useTranslations } from 'next-intl';
import { resetPasswordInput } from '@/lib/users/user-schemas';
import { Field, FormActions } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { resetPasswordAction } from '../actions';

export function ResetPasswordForm({ id }: { id: string }) {
  const t = useTranslations('admin.users');
  const { register, errors, submitting, submit, feedback } = useActionForm(resetPasswordInput, resetPasswordAction, {
    defaultValues: { id, password: '' },
    fields: ['password'],
    reset: 'defaults',
    onSuccess: () => t('passwordReset'),
  });

  return (
    <form onSubmit={submit} className="form" noValidate data-testid="reset-password-form">
      <Field label={t('newPassword')} error={errors.password}>
        <input type="password" autoComplete="new-password" {...register('password')} aria-invalid={!!errors.password} />
        <span className="muted small">{t('passwordHint')}</span>
      </Field>
      <FormActions feedback={feedback} submitting={submitting} label={t('resetPassword')} primary={false} />
    </form>
  );
}
