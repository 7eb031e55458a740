'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useForm, useWatch } from 'react-hook-form';
import { FieldError, FormActions } from '@/app/_components/form-support';
import { disputeFormInput, type DisputeFormInput, type DisputeSubject } from '@/lib/disputes/schemas';
import { DisputeFilesField, DisputeReasonField, useDisputeFiles, useDisputeSubmission } from '../../disputes/_components/dispute-files';

export interface SubjectOption {
  subject: DisputeSubject;
  findingCode: string | null;
  label: string;
}

const FORM_FIELDS = ['subject', 'findingCode', 'reason'] as const;

const keyOf = (o: { subject: DisputeSubject; findingCode: string | null }) => (o.subject === 'finding' ? `finding:${o.findingCode}` : 'verdict');

/**
 * The manager's dispute form: what is contested (the verdict or one finding), the reason (at
 * least 10 characters, counted live) and files (images or PDF, within the limits shown). Sent as
 * multipart/form-data to /api/disputes; the server validates again and its messages show at the
 * fields they are about.
 */
export function DisputeForm({ visitId, options, maxAttachments, maxAttachmentBytes }: { visitId: string; options: SubjectOption[]; maxAttachments: number; maxAttachmentBytes: number }) {
  const t = useTranslations('disputes');
  const files = useDisputeFiles(maxAttachments, maxAttachmentBytes);
  const first = options[0];
  const form = useForm<DisputeFormInput>({
    resolver: zodResolver(disputeFormInput),
    defaultValues: { visitId, subject: first.subject, findingCode: first.findingCode ?? undefined, reason: '' },
  });
  const { feedback, send } = useDisputeSubmission(form.setError, FORM_FIELDS, files);
  const { register, handleSubmit, formState, setValue, control } = form;
  const [reason, subject, findingCode] = useWatch({ control, name: ['reason', 'subject', 'findingCode'] });
  const chosen = keyOf({ subject: subject as DisputeSubject, findingCode: findingCode ?? null });
  const reasonLength = (reason ?? '').trim().length;

  const choose = (o: SubjectOption) => {
    setValue('subject', o.subject, { shouldValidate: formState.isSubmitted });
    setValue('findingCode', o.findingCode ?? undefined, { shouldValidate: formState.isSubmitted });
  };

  const onSubmit = handleSubmit(async (values) => {
    const body = new FormData();
    body.set('visitId', values.visitId);
    body.set('subject', values.subject);
    if (values.subject === 'finding' && values.findingCode) body.set('findingCode', values.findingCode);
    body.set('reason', values.reason);
    await send(body);
  });

  return (
    <form className="form" onSubmit={onSubmit} noValidate data-testid="dispute-form" encType="multipart/form-data">
      <input type="hidden" {...register('visitId')} />
      <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }}>
        <legend style={{ fontWeight: 500, marginBottom: 4 }}>{t('form.subject')}</legend>
        {options.map((o) => (
          <label key={keyOf(o)} className="row" style={{ fontWeight: 400 }}>
            <input type="radio" name="dispute-subject" value={keyOf(o)} checked={chosen === keyOf(o)} onChange={() => choose(o)} data-testid={`dispute-subject-${keyOf(o)}`} />
            {o.label}
          </label>
        ))}
        <FieldError error={formState.errors.subject ?? formState.errors.findingCode} />
      </fieldset>
      <DisputeReasonField registration={register('reason')} error={formState.errors.reason} length={reasonLength} />
      <DisputeFilesField state={files} />
      <FormActions feedback={feedback} submitting={formState.isSubmitting} label={t('form.submit')} busyLabel={t('form.submitting')} testId="dispute-submit" />
    </form>
  );
}
