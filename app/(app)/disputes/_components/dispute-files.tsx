'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { FieldError as FormFieldError, FieldValues, Path, UseFormRegisterReturn, UseFormSetError } from 'react-hook-form';
import type { Feedback } from '@/app/_components/form-support';
import { applyServerErrors, FieldError } from '@/app/_components/form-support';
import { MAX_REASON_LENGTH, MIN_REASON_LENGTH } from '@/lib/disputes/schemas';
import { refusalBanner } from '@/lib/web/form-errors';

/**
 * What every dispute form shares: the reason with its count, the evidence files (checked in the browser against the policy's
 * count and size, checked again by content on the server), the multipart POST to /api/disputes,
 * and the server's refusal placed at the fields it names — the visit page's form and the
 * spot-check filing page alike.
 */

/** What the browser's file picker offers; the server checks the content, whatever the name. */
const ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,application/pdf,.jpg,.jpeg,.png,.gif,.webp,.pdf';

const megabytes = (bytes: number) => Math.round((bytes / (1024 * 1024)) * 10) / 10;

export type DisputeAnswer = { ok: true; data: { disputeId: string } } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/** The chosen files and the message about them, by the policy's limits. */
export function useDisputeFiles(maxAttachments: number, maxAttachmentBytes: number) {
  const t = useTranslations('disputes');
  const [files, setFiles] = useState<File[]>([]);
  const [fileError, setFileError] = useState<string | null>(null);
  const maxMb = megabytes(maxAttachmentBytes);
  const fileProblem = (list: File[]): string | null => {
    if (list.length > maxAttachments) return t('form.tooManyFiles', { max: maxAttachments });
    const big = list.find((f) => f.size > maxAttachmentBytes);
    if (big) return t('form.fileTooLarge', { file: big.name, maxMb });
    return null;
  };
  const choose = (list: File[]) => {
    setFiles(list);
    setFileError(fileProblem(list));
  };
  /** Before sending: the message to show, or null when the files may go. */
  const check = (): string | null => {
    const problem = fileProblem(files);
    setFileError(problem);
    return problem;
  };
  return { files, fileError, setFileError, choose, check, maxAttachments, maxMb };
}

export type DisputeFiles = ReturnType<typeof useDisputeFiles>;

export function DisputeFilesField({ state }: { state: DisputeFiles }) {
  const t = useTranslations('disputes');
  const { files, fileError, choose, maxAttachments, maxMb } = state;
  return (
    <label>
      {t('form.attachments')}
      <input
        type="file"
        multiple
        accept={ACCEPT}
        aria-invalid={!!fileError}
        aria-describedby="dispute-files-limits dispute-files-error"
        data-testid="dispute-files"
        onChange={(e) => choose(Array.from(e.target.files ?? []))}
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
  );
}

/** Sends a dispute (the form's fields and files) to /api/disputes; a network failure reads as a refusal. */
async function postDispute(body: FormData, files: readonly File[], failed: string): Promise<DisputeAnswer> {
  for (const f of files) body.append('attachments', f, f.name);
  try {
    const response = await fetch('/api/disputes', { method: 'POST', body });
    const json = (await response.json().catch(() => null)) as (DisputeAnswer & { code?: string }) | { error?: string } | null;
    return json && 'ok' in json ? (json as DisputeAnswer) : { ok: false, error: json?.error ?? failed };
  } catch {
    return { ok: false, error: failed };
  }
}

/**
 * Places a refusal's messages: the files' at the file field, the others at their fields, and what
 * no field shows in the banner (returned, or null when every message is shown at a field).
 */
function placeRefusal<T extends FieldValues>(
  answer: Extract<DisputeAnswer, { ok: false }>,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  files: DisputeFiles,
): string | null {
  const { attachments, ...rest } = Object.fromEntries(
    Object.entries(answer.fieldErrors ?? {}).map(([field, message]) => [field.startsWith('attachments') ? 'attachments' : field, message]),
  );
  if (attachments) files.setFileError(attachments);
  const unplaced = applyServerErrors(setError, rest, fields);
  const shown = [...(attachments ? [attachments] : []), ...Object.values(rest).filter((m) => !unplaced.includes(m))];
  return refusalBanner(answer.error, shown, unplaced);
}

/**
 * Filing a dispute, for either form: the files checked, the form's fields and files sent, a refusal
 * placed at its fields (the rest in the banner, `feedback`), and on success the new dispute opened.
 */
export function useDisputeSubmission<T extends FieldValues>(setError: UseFormSetError<T>, fields: readonly Path<T>[], files: DisputeFiles) {
  const t = useTranslations('disputes');
  const router = useRouter();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const send = async (body: FormData) => {
    setFeedback(null);
    if (files.check()) return;
    const answer = await postDispute(body, files.files, t('form.failed'));
    if (!answer.ok) {
      const banner = placeRefusal(answer, setError, fields, files);
      setFeedback(banner ? { kind: 'error', text: banner } : null);
      return;
    }
    router.push(`/disputes/${answer.data.disputeId}?filed=1`);
    router.refresh();
  };
  return { feedback, send };
}

/** The dispute's reason, with its length against the policy's bounds as the manager types. */
export function DisputeReasonField({ registration, error, length }: { registration: UseFormRegisterReturn; error?: FormFieldError; length: number }) {
  const t = useTranslations('disputes');
  return (
    <label>
      {t('form.reason')}
      <textarea
        {...registration}
        rows={5}
        maxLength={MAX_REASON_LENGTH}
        placeholder={t('form.reasonHint', { min: MIN_REASON_LENGTH })}
        aria-invalid={!!error}
        aria-describedby="dispute-reason-count dispute-reason-error"
        data-testid="dispute-reason"
      />
      <span id="dispute-reason-count" className={`small ${length > 0 && length < MIN_REASON_LENGTH ? 'field-error' : 'muted'}`} data-testid="dispute-reason-count" aria-live="polite">
        {t('form.reasonCount', { count: length, min: MIN_REASON_LENGTH, max: MAX_REASON_LENGTH })}
      </span>
      <FieldError error={error} id="dispute-reason-error" />
    </label>
  );
}
