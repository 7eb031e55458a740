'use client';

import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import type { z } from 'zod';
import { createUserInput } from '@/lib/users/user-schemas';
import { FeedbackAlert, Field, SubmitButton } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { createUserAction } from '../actions';
import { UserProfileFields, type UnitOption } from '../user-fields';

type Input = z.input<typeof createUserInput>;
const FIELDS = ['username', 'displayName', 'password', 'role', 'unitId', 'phone'] as const;
const EMPTY: Input = { username: '', displayName: '', password: '', role: 'manager', unitId: null, phone: '' };

export function UserCreateForm({ units }: { units: UnitOption[] }) {
  const t = useTranslations('admin.users');
  const [created, setCreated] = useState<{ id: string; username: string } | null>(null);
  const { register, errors, submitting, submit, feedback } = useActionForm(createUserInput, createUserAction, {
    defaultValues: EMPTY,
    fields: FIELDS,
    onSuccess: ({ data, values, form }) => {
      // Keep the role and unit: admins usually create several people of one unit in a row.
      form.reset({ ...EMPTY, role: values.role, unitId: values.unitId ?? null });
      setCreated(data);
      return t('created', { username: data.username });
    },
  });

  return (
    <form onSubmit={submit} className="form" noValidate data-testid="user-create-form">
      <div className="form-grid">
        <Field label={t('username')} error={errors.username}>
          <input autoComplete="off" maxLength={32} {...register('username')} aria-invalid={!!errors.username} />
          <span className="muted small">{t('usernameHint')}</span>
        </Field>
        <Field label={t('initialPassword')} error={errors.password}>
          <input type="password" autoComplete="new-password" {...register('password')} aria-invalid={!!errors.password} />
          <span className="muted small">{t('passwordHint')}</span>
        </Field>
        <UserProfileFields register={register} errors={errors} units={units} />
      </div>
      <FeedbackAlert feedback={feedback}>
        {created && feedback?.kind === 'ok' && (
          <>
            {' '}
            <Link href={`/admin/users/${created.id}`}>{t('openUser')}</Link>
          </>
        )}
      </FeedbackAlert>
      <div className="row">
        <SubmitButton submitting={submitting} label={t('create')} />
        <Link href="/admin/users">{t('backToList')}</Link>
      </div>
    </form>
  );
}
