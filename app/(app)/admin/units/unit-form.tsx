'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { editUnitInput, unitInput, type EditUnitInput, type UnitInput } from '@/lib/org/unit-schemas';
import { applyServerErrors, FeedbackAlert, FieldError, type Feedback } from '@/app/_components/form-support';
import { createUnitAction, editUnitAction } from './actions';

const FIELDS = ['code', 'name', 'region'] as const;
const EMPTY: UnitInput = { code: '', name: '', region: '' };

/** Creates a unit (no `initial`) or edits one; the list/edit page refreshes on success. */
export function UnitForm({ initial }: { initial?: EditUnitInput }) {
  const t = useTranslations('admin.units');
  const tc = useTranslations('common');
  const router = useRouter();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const editing = initial !== undefined;
  const { register, handleSubmit, formState, setError, reset } = useForm<UnitInput & { id?: string }>({
    resolver: zodResolver(editing ? editUnitInput : unitInput),
    defaultValues: initial ?? EMPTY,
  });

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    const result = editing ? await editUnitAction({ ...values, id: initial.id }) : await createUnitAction(values);
    if (!result.ok) {
      const unplaced = applyServerErrors(setError, result.fieldErrors, FIELDS);
      setFeedback({ kind: 'error', text: [result.error, ...unplaced].join(' ') });
      return;
    }
    reset(editing ? values : EMPTY);
    setFeedback({ kind: 'ok', text: editing ? tc('saved') : t('created', { name: values.name }) });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid={editing ? 'unit-edit-form' : 'unit-create-form'}>
      <div className="form-grid">
        <label>
          {t('code')}
          <input maxLength={32} {...register('code')} aria-invalid={!!formState.errors.code} />
          <FieldError error={formState.errors.code} />
        </label>
        <label>
          {t('name')}
          <input maxLength={64} {...register('name')} aria-invalid={!!formState.errors.name} />
          <FieldError error={formState.errors.name} />
        </label>
        <label>
          {t('region')}
          <input maxLength={64} {...register('region')} aria-invalid={!!formState.errors.region} />
          <FieldError error={formState.errors.region} />
        </label>
      </div>
      <FeedbackAlert feedback={feedback} />
      <div className="row">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? tc('loading') : editing ? tc('save') : t('create')}
        </button>
      </div>
    </form>
  );
}
