'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { AssignmentSlot } from '@/lib/scripts/schemas';
import { assignScriptAction } from './actions';

type Values = Partial<Record<AssignmentSlot, string>>;

/**
 * Which script the callbacks of some slots use: verification's (each customer class, a class
 * without its own using the default) or spot checks' one. The test ids name the form and its
 * button, so the page can hold one form per section.
 */
export function AssignmentForm({
  assignments,
  scripts,
  testId = 'script-assignment-form',
  saveTestId = 'assign-save',
}: {
  assignments: { slot: AssignmentSlot; scriptId: string }[];
  scripts: { id: string; label: string }[];
  testId?: string;
  saveTestId?: string;
}) {
  const t = useTranslations('scripts.assign');
  const tc = useTranslations('common');
  const router = useRouter();
  const [feedback, setFeedback] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const initial = Object.fromEntries(assignments.map((a) => [a.slot, a.scriptId])) as Values;
  const { register, handleSubmit, formState, reset } = useForm<Values>({ defaultValues: initial });
  const label = (slot: AssignmentSlot) => (slot === 'default' ? t('default') : slot === 'spotCheck' ? t('spotCheck') : t('class', { class: slot }));
  const emptyChoice = (slot: AssignmentSlot) => (slot === 'default' ? t('chooseDefault') : slot === 'spotCheck' ? t('chooseSpotCheck') : t('useDefault'));

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    // The default first: a class falls back to it.
    const slots = assignments
      .map((a) => a.slot)
      .sort((a, b) => Number(b === 'default') - Number(a === 'default'))
      .filter((slot) => values[slot] !== initial[slot]);
    for (const slot of slots) {
      const result = await assignScriptAction({ slot, scriptId: values[slot] ?? '' });
      if (!result.ok) {
        setFeedback({ kind: 'error', text: `${label(slot)}：${Object.values(result.fieldErrors ?? {})[0] ?? result.error}` });
        router.refresh();
        return;
      }
    }
    reset(values);
    setFeedback({ kind: 'ok', text: slots.length === 0 ? t('unchanged') : tc('saved') });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid={testId}>
      <div className="form-grid">
        {assignments.map(({ slot }) => (
          <label key={slot}>
            {label(slot)}
            <select {...register(slot)} data-testid={`assign-${slot}`}>
              <option value="">{emptyChoice(slot)}</option>
              {scripts.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {feedback && (
        <p className={`alert ${feedback.kind}`} role={feedback.kind === 'error' ? 'alert' : 'status'}>
          {feedback.text}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={formState.isSubmitting || scripts.length === 0} data-testid={saveTestId}>
          {t('save')}
        </button>
      </div>
    </form>
  );
}
