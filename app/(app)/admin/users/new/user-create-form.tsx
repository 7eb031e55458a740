'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { createUserInput } from '@/lib/users/user-schemas';
import { applyServerErrors, FeedbackAlert, FieldError, type Feedback } from '@/app/_components/form-support';
import { createUserAction } from '../actions';
import { UserProfileFields, type UnitOption } from '../user-fields';

type Input = z.input<typeof createUserInput>;
type Output = z.output<typeof createUserInput>;
const FIELDS = ['username', 'displayName', 'password', 'role', 'unitId', 'phone'] as const;
const EMPTY: Input = { username: '', displayName: '', password: '', role: 'manager', unitId: null, phone: '' };

export function UserCreateForm({ units }: { units: UnitOption[] }) {
  const t = useTranslations('admin.users');
  const tc = useTranslations('common');
  const [feedback, setFeedback] = useState<Feedback>(null);
  const [created, setCreated] = useState<{ id: string; username: string } | null>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(createUserInput),
    defaultValues: EMPTY,
  });

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    setCreated(null);
    const result = await createUserAction(values);
    if (!result.ok) {
      const unplaced = applyServerErrors(setError, result.fieldErrors, FIELDS);
      setFeedback({ kind: 'error', text: [result.error, ...unplaced].join(' ') });
      return;
    }
    // Keep the role and unit: admins usually create several people of one unit in a row.
    reset({ ...EMPTY, role: values.role, unitId: values.unitId ?? null });
    setCreated(result.data);
    setFeedback({ kind: 'ok', text: t('created', { username: result.data.username }) });
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid="user-create-form">
      <div className="form-grid">
        <label>
          {t('username')}
          <input autoComplete="off" maxLength={32} {...register('username')} aria-invalid={!!formState.errors.username} />
          <span className="muted small">{t('usernameHint')}</span>
          <FieldError error={formState.errors.username} />
        </label>
        <label>
          {t('initialPassword')}
          <input type="password" autoComplete="new-password" {...register('password')} aria-invalid={!!formState.errors.password} />
          <span className="muted small">{t('passwordHint')}</span>
          <FieldError error={formState.errors.password} />
        </label>
        <UserProfileFields register={register} errors={formState.errors} units={units} />
      </div>
      <FeedbackAlert feedback={feedback}>
        {created && (
          <>
            {' '}
            <Link href={`/admin/users/${created.id}`}>{t('openUser')}</Link>
          </>
        )}
      </FeedbackAlert>
      <div className="row">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? tc('loading') : t('create')}
        </button>
        <Link href="/admin/users">{t('backToList')}</Link>
      </div>
    </form>
  );
}
