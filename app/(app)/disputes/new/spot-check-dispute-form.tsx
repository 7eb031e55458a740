'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useForm, useWatch } from 'react-hook-form';
import { FieldError, FormActions } from '@/app/_components/form-support';
import { spotCheckDisputeFormInput, type SpotCheckDisputeFormInput } from '@/lib/disputes/schemas';
import { DisputeFilesField, DisputeReasonField, useDisputeFiles, useDisputeSubmission } from '../_components/dispute-files';

const FORM_FIELDS = ['spotCheckItemId', 'reason'] as const;

/**
 * The manager's dispute of a spot-check finding: the reason (at least 10 characters, counted
 * live) and evidence files, sent as multipart/form-data to /api/disputes like a visit's dispute;
 * the server validates again and its messages show at the fields they are about.
 */
export function SpotCheckDisputeForm({ spotCheckItemId, maxAttachments, maxAttachmentBytes }: { spotCheckItemId: string; maxAttachments: number; maxAttachmentBytes: number }) {
  const t = useTranslations('disputes');
  const files = useDisputeFiles(maxAttachments, maxAttachmentBytes);
  const form = useForm<SpotCheckDisputeFormInput>({ resolver: zodResolver(spotCheckDisputeFormInput), defaultValues: { spotCheckItemId, reason: '' } });
  const { feedback, send } = useDisputeSubmission(form.setError, FORM_FIELDS, files);
  const { register, handleSubmit, formState, control } = form;
  const reasonLength = (useWatch({ control, name: 'reason' }) ?? '').trim().length;

  const onSubmit = handleSubmit(async (values) => {
    const body = new FormData();
    body.set('spotCheckItemId', values.spotCheckItemId);
    body.set('reason', values.reason);
    await send(body);
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid="dispute-form" encType="multipart/form-data">
      <input type="hidden" {...register('spotCheckItemId')} />
      <FieldError error={formState.errors.spotCheckItemId} />
      <DisputeReasonField registration={register('reason')} error={formState.errors.reason} length={reasonLength} />
      <DisputeFilesField state={files} />
      <FormActions feedback={feedback} submitting={formState.isSubmitting} label={t('form.submit')} busyLabel={t('form.submitting')} testId="dispute-submit" />
    </form>
  );
}
