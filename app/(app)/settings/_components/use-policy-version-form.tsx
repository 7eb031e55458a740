'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, type DefaultValues, type FieldError, type FieldErrors, type FieldValues, type Path, type Resolver, type UseFormRegister } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
import type { ActionResult } from '@/lib/web/safe-action';

/**
 * What every "new version of a rule" form shares (填报规则, 申诉规则, 考核规则, 外呼规则 …): the same
 * schema in the browser as on the server, server refusals shown at their fields, the saved version
 * named in the catalogue's words (`${namespace}.saved`), the page refreshed to show it. `shell`
 * wraps a form's own fields in what every one has: the title, what a new version does and the
 * effective day before them, the note, the messages and the save button after. Test ids are
 * `${id}-form`, `${id}-effectiveFrom`, `${id}-note`, `${id}-${field}` (number fields),
 * `${id}-error-${field}`, `${id}-error`, `${id}-saved`, `${id}-save`.
 */
export function usePolicyVersionForm<T extends FieldValues & { effectiveFrom: string; note?: string }>(
  rules: {
    id: string;
    namespace: string;
    schema: z.ZodType<T, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the schema's input may differ from T (coercions)
    save: (values: T) => Promise<ActionResult<{ version: number; effectiveFrom: string | null }>>;
  },
  /** `minDay`: the earliest day a new version may take effect (today). */
  { defaults, minDay }: { defaults: DefaultValues<T>; minDay: string },
) {
  const t = useTranslations(rules.namespace);
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<T>({ resolver: zodResolver(rules.schema) as unknown as Resolver<T>, defaultValues: defaults });
  // An object's own message (weights all 0, bands out of order) shows under its fieldset too.
  const fieldError = (e: { message?: unknown } | undefined, name: string) => {
    const text = typeof e?.message === 'string' ? errorText(e as FieldError) : null;
    return text ? (
      <span className="field-error" data-testid={`${rules.id}-error-${name}`} id={`${rules.id}-error-${name}`}>
        {text}
      </span>
    ) : null;
  };
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    setSaved(null);
    const result = await rules.save(values);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form.setError, result.fieldErrors);
      return;
    }
    setSaved(t('saved', { version: result.data.version, from: result.data.effectiveFrom ?? '' }));
    router.refresh();
  });
  // Every rule form opens with its title, what a new version does, and the day it takes effect,
  // and ends with the note — the same fields under the same test ids.
  const register = form.register as unknown as UseFormRegister<{ effectiveFrom: string; note: string }>;
  const errors = form.formState.errors as FieldErrors<{ effectiveFrom: string; note: string }>;
  const header = (
    <>
      <h2 style={{ marginTop: 0 }}>{t('newVersion')}</h2>
      <p className="muted small" style={{ margin: 0 }}>
        {t('newVersionHint')}
      </p>
      <label style={{ maxWidth: 220 }}>
        {t('fields.effectiveFrom')}
        <input type="date" min={minDay} {...register('effectiveFrom')} aria-invalid={!!errors.effectiveFrom} data-testid={`${rules.id}-effectiveFrom`} />
        {fieldError(errors.effectiveFrom, 'effectiveFrom')}
      </label>
    </>
  );
  const noteField = (
    <label>
      {t('fields.note')}
      <input {...register('note')} maxLength={500} aria-invalid={!!errors.note} data-testid={`${rules.id}-note`} />
      {fieldError(errors.note, 'note')}
    </label>
  );
  /** A number field: its label, range, hint (when given) and error, described for screen readers. */
  const numberField = (name: Path<T>, range: { min: number; max: number } | null, opts: { label?: string; hint?: string; step?: number; disabled?: boolean } = {}) => {
    const error = form.getFieldState(name, form.formState).error;
    const hintId = `${rules.id}-hint-${name}`;
    const describedBy = [opts.hint ? hintId : null, error ? `${rules.id}-error-${name}` : null].filter(Boolean).join(' ');
    return (
      <label key={name}>
        {opts.label ?? t(`fields.${name}` as never)}
        <input
          type="number"
          step={opts.step ?? 1}
          min={range?.min}
          max={range?.max}
          disabled={opts.disabled}
          {...form.register(name, { valueAsNumber: true })}
          aria-invalid={!!error}
          aria-describedby={describedBy || undefined}
          data-testid={`${rules.id}-${name}`}
        />
        {opts.hint && (
          <span className="muted small" id={hintId}>
            {opts.hint}
          </span>
        )}
        {fieldError(error, name)}
      </label>
    );
  };
  const footer = (
    <>
      {error && (
        <p className="alert error" role="alert" data-testid={`${rules.id}-error`}>
          {error}
        </p>
      )}
      {saved && (
        <p className="alert ok" role="status" data-testid={`${rules.id}-saved`}>
          {saved}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={form.formState.isSubmitting} data-testid={`${rules.id}-save`}>
          {form.formState.isSubmitting ? t('saving') : t('save')}
        </button>
      </div>
    </>
  );
  const shell = (fields: React.ReactNode) => (
    <form className="card form" onSubmit={submit} noValidate data-testid={`${rules.id}-form`}>
      {header}
      {fields}
      {noteField}
      {footer}
    </form>
  );
  return { t, form, register: form.register, errors: form.formState.errors, fieldError, numberField, shell };
}
