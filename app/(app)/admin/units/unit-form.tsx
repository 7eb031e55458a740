'use client';

import { useTranslations } from 'next-intl';
import { editUnitInput, unitInput, type EditUnitInput, type UnitInput } from '@/lib/org/unit-schemas';
import { Field, FormActions } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { createUnitAction, editUnitAction } from './actions';

const FIELDS = ['code', 'name', 'region'] as const;
const EMPTY: UnitInput = { code: '', name: '', region: '' };

/** Creates a unit (no `initial`) or edits one; the list/edit page refreshes on success. */
export function UnitForm({ initial }: { initial?: EditUnitInput }) {
  const t = useTranslations('admin.units');
  const tc = useTranslations('common');
  const editing = initial !== undefined;
  const { register, errors, submitting, submit, feedback } = useActionForm<UnitInput & { id?: string }, UnitInput, unknown>(
    editing ? editUnitInput : unitInput,
    (values) => (editing ? editUnitAction({ ...values, id: initial.id }) : createUnitAction(values)),
    { defaultValues: initial ?? EMPTY, fields: FIELDS, reset: editing ? 'sent' : 'defaults', refresh: true, onSuccess: ({ values }) => (editing ? tc('saved') : t('created', { name: values.name })) },
  );

  return (
    <form onSubmit={submit} className="form" noValidate data-testid={editing ? 'unit-edit-form' : 'unit-create-form'}>
      <div className="form-grid">
        <Field label={t('code')} error={errors.code}>
          <input maxLength={32} {...register('code')} aria-invalid={!!errors.code} />
        </Field>
        <Field label={t('name')} error={errors.name}>
          <input maxLength={64} {...register('name')} aria-invalid={!!errors.name} />
        </Field>
        <Field label={t('region')} error={errors.region}>
          <input maxLength={64} {...register('region')} aria-invalid={!!errors.region} />
        </Field>
      </div>
      <FormActions feedback={feedback} submitting={submitting} label={editing ? tc('save') : t('create')} />
    </form>
  );
}
