'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { SamplingPreview } from '@/lib/sampling/preview';
import { samplingPolicyInput, saveSamplingPolicyInput, type SamplingPolicyInput } from '@/lib/sampling/schemas';
import { applyServerErrors, FieldError } from '@/app/_components/form-support';
import { previewSamplingAction, saveSamplingPolicyAction } from './actions';

const CLASSES = ['A', 'B', 'C', 'D'] as const;
const MONTH_RE = /^\d{4}-(0[1-9]|1[0-2])$/;

interface FormValues {
  effectiveFrom: string;
  policy: SamplingPolicyInput;
  note: string;
}

function newSeed(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A new version of the sampling policy, effective from a day, with a live preview of what it
 * would cost for a month (server action; nothing saved until "save"). The same zod schema checks
 * the values here and again on the server; out-of-range values are shown at their field.
 */
export function SamplingPolicyForm({
  initial,
  inForce,
  effectiveFrom,
  minDay,
  month,
}: {
  initial: SamplingPolicyInput;
  /** The rules in force today, which the preview shows beside the form's. */
  inForce: { policy: SamplingPolicyInput; label: string };
  effectiveFrom: string;
  minDay: string;
  month: string;
}) {
  const t = useTranslations('sampling');
  const router = useRouter();
  const [alert, setAlert] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const { register, control, handleSubmit, setError, setValue, formState, reset } = useForm<FormValues>({
    resolver: zodResolver(saveSamplingPolicyInput) as never,
    mode: 'onChange',
    defaultValues: { effectiveFrom, policy: initial, note: '' },
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit(async (values) => {
    setAlert(null);
    const result = await saveSamplingPolicyAction(values);
    if (!result.ok) {
      setAlert({ kind: 'error', text: result.error });
      applyServerErrors(setError, result.fieldErrors);
      return;
    }
    setAlert({ kind: 'ok', text: t('form.saved', { version: result.data.version, day: result.data.effectiveFrom ?? '' }) });
    reset({ ...values, note: '' });
    router.refresh();
  });

  const policy = useWatch({ control, name: 'policy' });
  const number = { valueAsNumber: true } as const;

  return (
    <>
      <form onSubmit={onSubmit} className="form card" noValidate data-testid="sampling-form">
        <h2 style={{ marginTop: 0 }}>{t('form.title')}</h2>
        <p className="muted small">{t('form.hint')}</p>
        <div className="form-grid">
          <label>
            {t('form.effectiveFrom')}
            <input type="date" min={minDay} {...register('effectiveFrom')} aria-invalid={!!errors.effectiveFrom} />
            <FieldError error={errors.effectiveFrom} />
          </label>
        </div>
        <fieldset>
          <legend>{t('form.rates')}</legend>
          <div className="form-grid">
            {CLASSES.map((c) => (
              <label key={c}>
                {t('form.rate', { class: c })}
                <input
                  type="number"
                  min={0}
                  max={100}
                  step="any"
                  inputMode="decimal"
                  data-testid={`rate-${c}`}
                  {...register(`policy.ratePercent.${c}`, number)}
                  aria-invalid={!!errors.policy?.ratePercent?.[c]}
                />
                <FieldError error={errors.policy?.ratePercent?.[c]} />
              </label>
            ))}
          </div>
        </fieldset>
        <div className="form-grid">
          <label>
            {t('form.minPerManagerMonth')}
            <input type="number" min={0} step={1} {...register('policy.minPerManagerMonth', number)} aria-invalid={!!errors.policy?.minPerManagerMonth} />
            <FieldError error={errors.policy?.minPerManagerMonth} />
          </label>
          <label>
            {t('form.invalidLastMonthMultiplier')}
            <input type="number" min={1} max={10} step="any" {...register('policy.invalidLastMonthMultiplier', number)} aria-invalid={!!errors.policy?.invalidLastMonthMultiplier} />
            <FieldError error={errors.policy?.invalidLastMonthMultiplier} />
          </label>
          <label>
            {t('form.excludeOlderThanDays')}
            <input type="number" min={1} max={366} step={1} {...register('policy.excludeOlderThanDays', number)} aria-invalid={!!errors.policy?.excludeOlderThanDays} />
            <FieldError error={errors.policy?.excludeOlderThanDays} />
          </label>
          <label>
            {t('form.minutesPerCallback')}
            <input type="number" min={0.5} max={120} step="any" {...register('policy.minutesPerCallback', number)} aria-invalid={!!errors.policy?.minutesPerCallback} />
            <FieldError error={errors.policy?.minutesPerCallback} />
          </label>
        </div>
        <label className="row">
          <input type="checkbox" {...register('policy.alwaysSampleFlagged')} /> {t('form.alwaysSampleFlagged')}
        </label>
        <div className="form-grid">
          <label>
            {t('form.seed')}
            <input maxLength={64} {...register('policy.seed')} aria-invalid={!!errors.policy?.seed} />
            <FieldError error={errors.policy?.seed} />
          </label>
          <div>
            <button type="button" onClick={() => setValue('policy.seed', newSeed(), { shouldValidate: true, shouldDirty: true })}>
              {t('form.newSeed')}
            </button>
          </div>
          <label>
            {t('form.note')}
            <input maxLength={200} {...register('note')} aria-invalid={!!errors.note} />
            <FieldError error={errors.note} />
          </label>
        </div>
        {alert && (
          <p className={`alert ${alert.kind}`} role={alert.kind === 'error' ? 'alert' : 'status'} data-testid="sampling-form-alert">
            {alert.text}
          </p>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {t('form.save')}
          </button>
        </div>
      </form>
      <SamplingPreviewPanel policy={policy} inForce={inForce} month={month} />
    </>
  );
}

type Answer = { key: string; result?: SamplingPreview; error?: string };

/**
 * Asks for the preview of `policy` shortly after `key` changes (when `valid`), dropping a slower
 * answer to an older question.
 */
function usePreview(key: string, valid: boolean, ask: () => Promise<Awaited<ReturnType<typeof previewSamplingAction>>>) {
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [result, setResult] = useState<SamplingPreview | null>(null);
  const latest = useRef(0);
  useEffect(() => {
    if (!valid) return;
    const run = ++latest.current;
    const timer = setTimeout(async () => {
      const response = await ask();
      if (run !== latest.current) return;
      if (response.ok) setResult(response.data);
      setAnswer(response.ok ? { key } : { key, error: response.error });
    }, 400);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, valid]);
  const state = !valid ? 'invalid' : answer?.key !== key ? 'loading' : answer.error ? 'error' : 'idle';
  return { state, result, error: answer?.error ?? null } as const;
}

/**
 * The preview: the chosen month under the rules in force and under the form's rules, side by
 * side, with what sampling really decided for the month. Both use their own seed — the form
 * starts from the seed in force, so until it is changed the draws are the real ones.
 */
function SamplingPreviewPanel({ policy, inForce, month: initialMonth }: { policy: SamplingPolicyInput; inForce: { policy: SamplingPolicyInput; label: string }; month: string }) {
  const t = useTranslations('sampling.preview');
  const [month, setMonth] = useState(initialMonth);
  const monthValid = MONTH_RE.test(month);
  const key = JSON.stringify({ policy, month });
  const valid = samplingPolicyInput.safeParse(policy).success && monthValid;
  const candidate = usePreview(key, valid, () => previewSamplingAction({ month, policy: JSON.parse(key).policy }));
  const baseline = usePreview(month, monthValid, () => previewSamplingAction({ month, policy: inForce.policy }));
  const state = candidate.state === 'idle' && baseline.state === 'loading' ? 'loading' : candidate.state;
  const error = candidate.error ?? baseline.error;
  const result = candidate.result;
  const base = baseline.result?.month === result?.month ? baseline.result : null;
  const sameRules = JSON.stringify(policy) === JSON.stringify(inForce.policy);
  const cell = (value: number | undefined) => (value === undefined ? '…' : value);
  const rows: { label: string; inForce?: number; next: number; testId?: string; strong?: boolean }[] = result
    ? [
        { label: t('visits'), inForce: base?.visits, next: result.visits, testId: 'preview-visits' },
        { label: t('callbacks'), inForce: base?.callbacks, next: result.callbacks, testId: 'preview-callbacks', strong: true },
        { label: t('toppedUp'), inForce: base?.toppedUp, next: result.toppedUp },
        { label: t('excluded'), inForce: base?.excluded, next: result.excluded },
      ]
    : [];

  return (
    <div className="card" data-testid="sampling-preview" aria-busy={state === 'loading'}>
      <h2 style={{ marginTop: 0 }}>{t('title')}</h2>
      <p className="muted small">{t('hint')}</p>
      <div className="toolbar">
        <label>
          {t('month')}
          <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} data-testid="preview-month" />
        </label>
        <span className="muted small" role="status" data-testid="preview-state">
          {state === 'loading' ? t('loading') : state === 'invalid' ? t('invalid') : state === 'error' ? error : ''}
        </span>
      </div>
      {result && (
        <div data-testid="preview-result" data-month={result.month}>
          <p className="small" data-testid="preview-recorded">
            {t('recorded', { month: result.month, decided: result.recorded.decided, sampled: result.recorded.sampled })}
          </p>
          {sameRules && <p className="muted small">{t('sameRules')}</p>}
          <table className="data" data-testid="preview-compare">
            <thead>
              <tr>
                <th />
                <th className="num">{t('inForceColumn', { label: inForce.label })}</th>
                <th className="num">{t('nextColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  <td className="num" data-testid={r.testId ? `${r.testId}-in-force` : undefined}>
                    {cell(r.inForce)}
                  </td>
                  <td className="num" data-testid={r.testId}>
                    {r.strong ? <strong>{r.next}</strong> : r.next}
                  </td>
                </tr>
              ))}
              <tr>
                <th scope="row">{t('agentHours')}</th>
                <td className="num" data-testid="preview-agent-hours-in-force">
                  {base ? t('agentHoursValue', { hours: base.agentHours, minutes: base.minutesPerCallback }) : '…'}
                </td>
                <td className="num" data-testid="preview-agent-hours">
                  {t('agentHoursValue', { hours: result.agentHours, minutes: result.minutesPerCallback })}
                </td>
              </tr>
            </tbody>
          </table>
          <div className="row" style={{ alignItems: 'flex-start', gap: 24, flexWrap: 'wrap' }}>
            <SplitTable
              testId="preview-by-class"
              caption={t('byClass')}
              first={t('class')}
              rows={result.byClass.map((c) => ({ key: c.customerClass, name: c.customerClass, visits: c.visits, next: c.callbacks, inForce: cell(base?.byClass.find((b) => b.customerClass === c.customerClass)?.callbacks) }))}
            />
            <SplitTable
              testId="preview-by-unit"
              caption={t('byUnit')}
              first={t('unit')}
              rows={result.byUnit.map((u) => ({ key: u.unitId ?? 'none', name: u.unitName ?? t('noUnit'), visits: u.visits, next: u.callbacks, inForce: base ? (base.byUnit.find((b) => b.unitId === u.unitId)?.callbacks ?? 0) : '…' }))}
            />
          </div>
        </div>
      )}
    </div>
  );
}

/** The preview's callbacks split by one key (class, unit): visits, callbacks under the rules in force and under the new ones. */
function SplitTable({ testId, caption, first, rows }: { testId: string; caption: string; first: string; rows: { key: string; name: string; visits: number; inForce: number | string; next: number }[] }) {
  const t = useTranslations('sampling.preview');
  return (
    <table className="data" data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>{first}</th>
          <th className="num">{t('visits')}</th>
          <th className="num">{t('callbacksInForce')}</th>
          <th className="num">{t('callbacksNext')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <td>{r.name}</td>
            <td className="num">{r.visits}</td>
            <td className="num">{r.inForce}</td>
            <td className="num">{r.next}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
