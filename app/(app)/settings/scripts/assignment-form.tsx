'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { AssignmentSlot } from '@/lib/scripts/schemas';
import { assignScriptAction } from './actions';

type Values = Record<AssignmentSlot, string>;

/** Which script callbacks of each customer class use; a class without its own uses the default. */
export function AssignmentForm({ assignments, scripts }: { assignments: { slot: AssignmentSlot; scriptId: string }[]; scripts: { id: string; label: string }[] }) {
  const t = useTranslations('scripts.assign');
  const tc = useTranslations('common');
  const router = useRouter();
  const [feedback, setFeedback] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const initial = Object.fromEntries(assignments.map((a) => [a.slot, a.scriptId])) as Values;
  const { register, handleSubmit, formState, reset } = useForm<Values>({ defaultValues: initial });

  const onSubmit = handleSubmit(async (values) => {
    setFeedback(null);
    // The default first: a class falls back to it.
    const slots = (['default', 'A', 'B', 'C', 'D'] as const).filter((slot) => values[slot] !== initial[slot]);
    for (const slot of slots) {
      const result = await assignScriptAction({ slot, scriptId: values[slot] });
      if (!result.ok) {
        setFeedback({ kind: 'error', text: `${slot === 'default' ? t('default') : t('class', { class: slot })}：${Object.values(result.fieldErrors ?? {})[0] ?? result.error}` });
        router.refresh();
        return;
      }
    }
    reset(values);
    setFeedback({ kind: 'ok', text: slots.length === 0 ? t('unchanged') : tc('saved') });
    router.refresh();
  });

  return (
    <form onSubmit={onSubmit} className="form" noValidate data-testid="script-assignment-form">
      <div className="form-grid">
        {assignments.map(({ slot }) => (
          <label key={slot}>
            {slot === 'default' ? t('default') : t('class', { class: slot })}
            <select {...register(slot)} data-testid={`assign-${slot}`}>
              {slot === 'default' ? <option value="">{t('chooseDefault')}</option> : <option value="">{t('useDefault')}</option>}
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
        <button type="submit" className="primary" disabled={formState.isSubmitting || scripts.length === 0} data-testid="assign-save">
          {t('save')}
        </button>
      </div>
    </form>
  );
}
