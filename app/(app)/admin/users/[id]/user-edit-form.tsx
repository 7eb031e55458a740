'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { editUserInput } from '@/lib/users/user-schemas';
import { applyServerErrors, FeedbackAlert, type Feedback } from '@/app/_components/form-support';
import { editUserAction } from '../actions';
import { UserProfileFields, type UnitOption } from '../user-fields';

type Input = z.input<typeof editUserInput>;
type Output = z.output<typeof editUserInput>;
const FIELDS = ['displayName', 'role', 'unitId', 'phone'] as const;

export function UserEditForm({ initial, units }: { initial: Input; units: UnitOption[] }) {
  const tc = useTranslations('common');
  const router = useRouter();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const { register, handleSubmit, formState, setError, reset } = useForm<Input, unknown, Output>({
    resolver: zodResolver(editUserInput),
    defaultValues: initial,
  });

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    const result = await editUserAction(values);
    if (!result.ok) {
      const unplaced = applyServerErrors(setError, result.fieldErrors, FIELDS);
      setFeedback({ kind: 'error', text: [result.error, ...unplaced].join(' ') });
      return;
    }
    reset(values);
    setFeedback({ kind: 'ok', text: tc('saved') });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid="user-edit-form">
      <div className="form-grid">
        <UserProfileFields register={register} errors={formState.errors} units={units} />
      </div>
      <FeedbackAlert feedback={feedback} />
      <div className="row">
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          {formState.isSubmitting ? tc('loading') : tc('save')}
        </button>
      </div>
    </form>
  );
}
