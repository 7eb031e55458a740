'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { applyServerErrors, FieldError, FormActions, type Feedback } from '@/app/_components/form-support';
import { refusalBanner } from '@/lib/web/form-errors';
import { disputeFormInput, MAX_REASON_LENGTH, MIN_REASON_LENGTH, type DisputeFormInput, type DisputeSubject } from '@/lib/disputes/schemas';

export interface SubjectOption {
  subject: DisputeSubject;
  findingCode: string | null;
  label: string;
}

/** What the browser's file picker offers; the server checks the content, whatever the name. */
const ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,application/pdf,.jpg,.jpeg,.png,.gif,.webp,.pdf';
const FORM_FIELDS = ['subject', 'findingCode', 'reason'] as const;

type Answer = { ok: true; data: { disputeId: string } } | { ok: false; error: string; fieldErrors?: Record<string, string> };

const keyOf = (o: { subject: DisputeSubject; findingCode: string | null }) => (o.subject === 'finding' ? `finding:${o.findingCode}` : 'verdict');
const megabytes = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

/**
 * The manager's dispute form: what is contested (the verdict or one finding), the reason (at
 * least 10 characters, counted live) and files (images or PDF, within the limits shown). Sent as
 * multipart/form-data to /api/disputes; the server validates again and its messages show at the
 * fields they are about.
 */
export function DisputeForm({ visitId, options, maxAttachments, maxAttachmentBytes }: { visitId: string; options: SubjectOption[]; maxAttachments: number; maxAttachmentBytes: number }) {
  const t = useTranslations('disputes');
  const router = useRouter();
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const [feedback, setFeedback] = useState<Feedback>(null);
  const first = options[0];
  const form = useForm<DisputeFormInput>({
    resolver: zodResolver(disputeFormInput),
    defaultValues: { visitId, subject: first.subject, findingCode: first.findingCode ?? undefined, reason: '' },
  });
  const { register, handleSubmit, formState, setValue, control } = form;
  const [reason, subject, findingCode] = useWatch({ control, name: ['reason', 'subject', 'findingCode'] });
  const chosen = keyOf({ subject: subject as DisputeSubject, findingCode: findingCode ?? null });
  const reasonLength = (reason ?? '').trim().length;
  const maxMb = megabytes(maxAttachmentBytes);

  const fileProblem = (list: File[]): string | null => {
    if (list.length > maxAttachments) return t('form.tooManyFiles', { max: maxAttachments });
    const big = list.find((f) => f.size > maxAttachmentBytes);
    if (big) return t('form.fileTooLarge', { file: big.name, maxMb });
    return null;
  };

  const choose = (o: SubjectOption) => {
    setValue('subject', o.subject, { shouldValidate: formState.isSubmitted });
    setValue('findingCode', o.findingCode ?? undefined, { shouldValidate: formState.isSubmitted });
  };

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    const problem = fileProblem(files);
    setFileError(problem);
    if (problem) return;
    const body = new FormData();
    body.set('visitId', values.visitId);
    body.set('subject', values.subject);
    if (values.subject === 'finding' && values.findingCode) body.set('findingCode', values.findingCode);
    body.set('reason', values.reason);
    for (const f of files) body.append('attachments', f, f.name);
    let answer: Answer;
    try {
      const response = await fetch('/api/disputes', { method: 'POST', body });
      const json = (await response.json().catch(() => null)) as (Answer & { code?: string }) | { error?: string } | null;
      answer = json && 'ok' in json ? (json as Answer) : { ok: false, error: json?.error ?? t('form.failed') };
    } catch {
      answer = { ok: false, error: t('form.failed') };
    }
    if (!answer.ok) {
      const { attachments, ...rest } = Object.fromEntries(
        Object.entries(answer.fieldErrors ?? {}).map(([field, message]) => [field.startsWith('attachments') ? 'attachments' : field, message]),
      );
      if (attachments) setFileError(attachments);
      const unplaced = applyServerErrors(form.setError, rest, FORM_FIELDS);
      const shown = [...(attachments ? [attachments] : []), ...Object.values(rest).filter((m) => !unplaced.includes(m))];
      const banner = refusalBanner(answer.error, shown, unplaced);
      setFeedback(banner ? { kind: 'error', text: banner } : null);
      return;
    }
    router.push(`/disputes/${answer.data.disputeId}?filed=1`);
    router.refresh();
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
      <label>
        {t('form.reason')}
        <textarea
          {...register('reason')}
          rows={5}
          maxLength={MAX_REASON_LENGTH}
          placeholder={t('form.reasonHint', { min: MIN_REASON_LENGTH })}
          aria-invalid={!!formState.errors.reason}
          aria-describedby="dispute-reason-count dispute-reason-error"
          data-testid="dispute-reason"
        />
        <span id="dispute-reason-count" className={`small ${reasonLength > 0 && reasonLength < MIN_REASON_LENGTH ? 'field-error' : 'muted'}`} data-testid="dispute-reason-count" aria-live="polite">
          {t('form.reasonCount', { count: reasonLength, min: MIN_REASON_LENGTH, max: MAX_REASON_LENGTH })}
        </span>
        <FieldError error={formState.errors.reason} id="dispute-reason-error" />
      </label>
      <label>
        {t('form.attachments')}
        <input
          type="file"
          multiple
          accept={ACCEPT}
          aria-invalid={!!fileError}
          aria-describedby="dispute-files-limits dispute-files-error"
          data-testid="dispute-files"
          onChange={(e) => {
            const list = Array.from(e.target.files ?? []);
            setFiles(list);
            setFileError(fileProblem(list));
          }}
        />
        <span id="dispute-files-limits" className="muted small">
          {t('form.attachmentLimits', { max: maxAttachments, maxMb })}
        </span>
        {files.length > 0 && (
          <ul className="small" data-testid="dispute-chosen-files" style={{ margin: 0 }}>
            {files.map((f) => (
              <li key={`${f.name}-${f.size}`}>
                {f.name} <span className="muted">({Math.max(1, Math.round(f.size / 1024))} KB)</span>
              </li>
            ))}
          </ul>
        )}
        {fileError && (
          <span className="field-error" id="dispute-files-error" role="alert">
            {fileError}
          </span>
        )}
      </label>
      <FormActions feedback={feedback} submitting={formState.isSubmitting} label={t('form.submit')} busyLabel={t('form.submitting')} testId="dispute-submit" />
    </form>
  );
}
