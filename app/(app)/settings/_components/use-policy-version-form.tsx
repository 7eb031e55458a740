'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, type DefaultValues, type FieldError, type FieldValues, type Resolver } from 'react-hook-form';
import type { z } from 'zod';
import { applyServerErrors, useErrorText } from '@/app/_components/form-support';
import type { ActionResult } from '@/lib/web/safe-action';

/**
 * What every "new version of a rule" form shares (填报规则, 申诉规则, 考核规则 …): the same schema
 * in the browser as on the server, server refusals shown at their fields, the saved version named
 * in the catalogue's words (`${namespace}.saved`), the page refreshed to show it. Test ids are
 * `${id}-error-${field}`, `${id}-error`, `${id}-saved`, `${id}-save`.
 */
export function usePolicyVersionForm<T extends FieldValues>(options: {
  id: string;
  namespace: string;
  schema: z.ZodType<T, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- the schema's input may differ from T (coercions)
  defaults: DefaultValues<T>;
  save: (values: T) => Promise<ActionResult<{ version: number; effectiveFrom: string | null }>>;
}) {
  const t = useTranslations(options.namespace);
  const errorText = useErrorText();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const form = useForm<T>({ resolver: zodResolver(options.schema) as unknown as Resolver<T>, defaultValues: options.defaults });
  // An object's own message (weights all 0, bands out of order) shows under its fieldset too.
  const fieldError = (e: { message?: unknown } | undefined, name: string) => {
    const text = typeof e?.message === 'string' ? errorText(e as FieldError) : null;
    return text ? (
      <span className="field-error" data-testid={`${options.id}-error-${name}`} id={`${options.id}-error-${name}`}>
        {text}
      </span>
    ) : null;
  };
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    setSaved(null);
    const result = await options.save(values);
    if (!result.ok) {
      setError(result.error);
      applyServerErrors(form.setError, result.fieldErrors);
      return;
    }
    setSaved(t('saved', { version: result.data.version, from: result.data.effectiveFrom ?? '' }));
    router.refresh();
  });
  const footer = (
    <>
      {error && (
        <p className="alert error" role="alert" data-testid={`${options.id}-error`}>
          {error}
        </p>
      )}
      {saved && (
        <p className="alert ok" role="status" data-testid={`${options.id}-saved`}>
          {saved}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={form.formState.isSubmitting} data-testid={`${options.id}-save`}>
          {form.formState.isSubmitting ? t('saving') : t('save')}
        </button>
      </div>
    </>
  );
  return { t, form, register: form.register, errors: form.formState.errors, fieldError, submit, footer };
}
