'use client';

import { useTranslations } from 'next-intl';
import { changeOwnPasswordInput } from '@/lib/users/user-schemas';
import { Field, FormActions } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { changeOwnPasswordAction } from './actions';

export function PasswordForm() {
  const t = useTranslations('profile');
  const { register, errors, submitting, submit, feedback } = useActionForm(changeOwnPasswordInput, changeOwnPasswordAction, {
    defaultValues: { currentPassword: '', newPassword: '' },
    fields: ['currentPassword', 'newPassword'],
    reset: 'defaults',
    onSuccess: () => t('passwordChanged'),
  });

  return (
    <form onSubmit={submit} className="form" noValidate data-testid="change-password-form">
      <Field label={t('currentPassword')} error={errors.currentPassword}>
        <input type="password" autoComplete="current-password" {...register('currentPassword')} aria-invalid={!!errors.currentPassword} />
      </Field>
      <Field label={t('newPassword')} error={errors.newPassword}>
        <input type="password" autoComplete="new-password" {...register('newPassword')} aria-invalid={!!errors.newPassword} />
        <span className="muted small">{t('passwordHint')}</span>
      </Field>
      <FormActions feedback={feedback} submitting={submitting} label={t('changePassword')} primary={false} />
    </form>
  );
}
