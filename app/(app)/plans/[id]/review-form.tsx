'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { reviewPlanInput, type ReviewPlanInput } from '@/lib/plans/schemas';
import { reviewPlanAction } from '../actions';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';

/** The supervisor's decision on a submitted plan: approve, or reject with a reason. */
export function ReviewForm({ planId, revision }: { planId: string; revision: number }) {
  const t = useTranslations('plans');
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<ReviewPlanInput>({
    resolver: zodResolver(reviewPlanInput),
    defaultValues: { planId, revision, decision: 'approve', comment: '' },
  });
  const { register, handleSubmit, setValue, formState } = form;

  const decide = (decision: ReviewPlanInput['decision']) => {
    setValue('decision', decision);
    void handleSubmit(async (values) => {
      setError(null);
      const result = await reviewPlanAction(values);
      if (!result.ok) {
        setError(result.error);
        applyServerErrors(form.setError, result.fieldErrors);
        return;
      }
      router.refresh();
    })();
  };

  return (
    <form className="card form" onSubmit={(e) => e.preventDefault()} noValidate data-testid="plan-review">
      <h2>{t('review.title')}</h2>
      <label>
        {t('review.comment')}
        <textarea {...register('comment')} placeholder={t('review.commentHint')} aria-invalid={!!formState.errors.comment} />
        {formState.errors.comment && <span className="field-error">{errorText(formState.errors.comment)}</span>}
      </label>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="button" className="primary" disabled={formState.isSubmitting} onClick={() => decide('approve')} data-testid="plan-approve">
          {t('review.approve')}
        </button>
        <button type="button" className="danger" disabled={formState.isSubmitting} onClick={() => decide('reject')} data-testid="plan-reject">
          {t('review.reject')}
        </button>
      </div>
    </form>
  );
}
