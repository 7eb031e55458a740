'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm, type DefaultValues, type FieldValues, type Resolver, type UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import type { ActionResult } from '@/lib/web/safe-action';
import { applyServerErrors, type Feedback } from './form-support';

/**
 * A form that sends its values to one server action: the same zod schema in the browser as on
 * the server, the server's per-field messages at their fields (those about a field the form does
 * not show, given `fields`, join the alert). After a success the form holds what was sent
 * (`reset: 'sent'`, an edit form) or starts again from its defaults (`'defaults'`), the page is
 * refreshed when its data changed (`refresh`), and `onSuccess` returns the message to show (or
 * leaves the page). `feedback` is for FeedbackAlert.
 */
export function useActionForm<TInput extends FieldValues, TOutput, TData>(
  schema: z.ZodType<TOutput, TInput>,
  action: (values: TOutput) => Promise<ActionResult<TData>>,
  options: {
    defaultValues: DefaultValues<TInput>;
    /** The fields the form shows. */
    fields?: readonly string[];
    reset?: 'sent' | 'defaults';
    refresh?: boolean;
    onSuccess: (done: { data: TData; values: TOutput; form: UseFormReturn<TInput, unknown, TOutput> }) => string | void;
  },
) {
  const router = useRouter();
  const [feedback, setFeedback] = useState<Feedback>(null);
  const form = useForm<TInput, unknown, TOutput>({ resolver: zodResolver(schema) as Resolver<TInput, unknown, TOutput>, defaultValues: options.defaultValues });
  const submit = form.handleSubmit(async (values) => {
    setFeedback(null);
    const result = await action(values);
    if (!result.ok) {
      const unplaced = applyServerErrors(form.setError, result.fieldErrors, options.fields);
      setFeedback({ kind: 'error', text: [result.error, ...unplaced].join(' ') });
      return;
    }
    if (options.reset === 'sent') form.reset(values as unknown as TInput);
    if (options.reset === 'defaults') form.reset();
    const text = options.onSuccess({ data: result.data, values, form });
    if (text) setFeedback({ kind: 'ok', text });
    if (options.refresh) router.refresh();
  });
  return { form, register: form.register, errors: form.formState.errors, submitting: form.formState.isSubmitting, submit, feedback };
}
