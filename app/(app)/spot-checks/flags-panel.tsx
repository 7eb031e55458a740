'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { z } from 'zod';
import { clearManagerFlagInput } from '@/lib/spot-checks/schemas';
import { FeedbackAlert, Field, FormActions } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { clearManagerFlagAction } from './actions';

type Input = z.input<typeof clearManagerFlagInput>;

/** An open flag as the page hands it over (texts already formatted on the server). */
export interface FlagItem {
  id: string;
  managerName: string;
  managerUsername: string;
  unitName: string | null;
  line: string;
}

/**
 * The open 建议调离 flags, each with its clear-with-reason form. The confirmation is kept here,
 * above the list: the cleared flag's own card leaves the page when it refreshes.
 */
export function FlagsPanel({ flags }: { flags: FlagItem[] }) {
  const t = useTranslations('spotCheckResults.flags');
  const [cleared, setCleared] = useState<string | null>(null);
  return (
    <>
      <FeedbackAlert feedback={cleared ? { kind: 'ok', text: cleared } : null} />
      {flags.length === 0 ? (
        <p className="muted" data-testid="flags-none">
          {t('none')}
        </p>
      ) : (
        flags.map((f) => (
          <div key={f.id} className="card" data-testid="flag-card">
            <p style={{ marginTop: 0 }}>
              <span className="badge danger">{t('title')}</span> <strong>{f.managerName}</strong> <span className="muted">({f.managerUsername})</span>
              {f.unitName && <span className="muted"> · {f.unitName}</span>}
            </p>
            <p className="muted small">{f.line}</p>
            <ClearFlagForm flagId={f.id} onCleared={() => setCleared(t('cleared', { manager: f.managerName }))} />
          </div>
        ))
      )}
    </>
  );
}

/** Clears one flag: the reason is required, checked here and again on the server. */
function ClearFlagForm({ flagId, onCleared }: { flagId: string; onCleared: () => void }) {
  const t = useTranslations('spotCheckResults.flags');
  const { register, errors, submitting, submit, feedback } = useActionForm(clearManagerFlagInput, clearManagerFlagAction, {
    defaultValues: { flagId, reason: '' } satisfies Input,
    fields: ['reason'],
    refresh: true,
    onSuccess: () => onCleared(),
  });
  return (
    <form onSubmit={submit} className="form" noValidate data-testid="clear-flag-form">
      <input type="hidden" {...register('flagId')} />
      <Field label={t('reason')} error={errors.reason}>
        <textarea {...register('reason')} placeholder={t('reasonHint')} maxLength={500} aria-invalid={!!errors.reason} data-testid="clear-flag-reason" />
      </Field>
      <FormActions feedback={feedback} submitting={submitting} label={t('clear')} busyLabel={t('clearing')} primary={false} testId="clear-flag-submit" />
    </form>
  );
}
