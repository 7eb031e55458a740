'use client';

import { useTranslations } from 'next-intl';
import type { z } from 'zod';
import { editUserInput } from '@/lib/users/user-schemas';
import { FormActions } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { editUserAction } from '../actions';
import { UserProfileFields, type UnitOption } from '../user-fields';

type Input = z.input<typeof editUserInput>;
const FIELDS = ['displayName', 'role', 'unitId', 'phone'] as const;

export function UserEditForm({ initial, units }: { initial: Input; units: UnitOption[] }) {
  const tc = useTranslations('common');
  const { register, errors, submitting, submit, feedback } = useActionForm(editUserInput, editUserAction, { defaultValues: initial, fields: FIELDS, reset: 'sent', refresh: true, onSuccess: () => tc('saved') });

  return (
    <form onSubmit={submit} className="form" noValidate data-testid="user-edit-form">
      <div className="form-grid">
        <UserProfileFields register={register} errors={errors} units={units} />
      </div>
      <FormActions feedback={feedback} submitting={submitting} label={tc('save')} />
    </form>
  );
}
