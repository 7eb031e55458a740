'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { FieldError, FormActions, type Feedback } from '@/app/_components/form-support';
import { spotCheckDisputeFormInput, type SpotCheckDisputeFormInput } from '@/lib/disputes/schemas';
import { DisputeFilesField, DisputeReasonField, placeRefusal, postDispute, useDisputeFiles } from '../_components/dispute-files';

const FORM_FIELDS = ['spotCheckItemId', 'reason'] as const;

/**
 * The manager's dispute of a spot-check finding: the reason (at least 10 characters, counted
 * live) and evidence files, sent as multipart/form-data to /api/disputes like a visit's dispute;
 * the server validates again and its messages show at the fields they are about.
 */
export function SpotCheckDisputeForm({ spotCheckItemId, maxAttachments, maxAttachmentBytes }: { spotCheckItemId: string; maxAttachments: number; maxAttachmentBytes: number }) {
  const t = useTranslations('disputes');
  const router = useRouter();
  const files = useDisputeFiles(maxAttachments, maxAttachmentBytes);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const form = useForm<SpotCheckDisputeFormInput>({ resolver: zodResolver(spotCheckDisputeFormInput), defaultValues: { spotCheckItemId, reason: '' } });
  const { register, handleSubmit, formState, control } = form;
  const reasonLength = (useWatch({ control, name: 'reason' }) ?? '').trim().length;

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    if (files.check()) return;
    const body = new FormData();
    body.set('spotCheckItemId', values.spotCheckItemId);
    body.set('reason', values.reason);
    const answer = await postDispute(body, files.files, t('form.failed'));
    if (!answer.ok) {
      const banner = placeRefusal(answer, form.setError, FORM_FIELDS, files);
      setFeedback(banner ? { kind: 'error', text: banner } : null);
      return;
    }
    router.push(`/disputes/${answer.data.disputeId}?filed=1`);
    router.refresh();
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
