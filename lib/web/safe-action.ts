import 'server-only';
import { getTranslations } from 'next-intl/server';
import type { z } from 'zod';
import type { Ctx, Role } from '@/lib/platform/core/context';
import { isDomainError, ValidationError, type FieldIssue } from '@/lib/platform/core/errors';
import { fieldIssuesOf } from '@/lib/platform/core/parse-input';
import { logger } from '@/lib/platform/log';
import { isInvalidInputForDatabase } from './invalid-input';
import { ctxFor, currentActor } from './session';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * Wraps a server action: checks sign-in and role on the server, validates the input with the
 * action's zod schema, calls the verb, and maps typed errors to a translated message (with
 * per-field messages for forms). Unknown errors are logged and shown as a generic message.
 */
export function defineAction<S extends z.ZodType, T>(
  options: { schema: S; roles: Role[] },
  handler: (ctx: Ctx, input: z.infer<S>) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (raw) => {
    const t = await getTranslations('errors');
    const translate = (code: string, params?: Record<string, string | number>) =>
      t.has(code) ? t(code, params) : t('unknown');
    const actor = await currentActor();
    if (!actor) return { ok: false, error: translate('unauthenticated') };
    if (!options.roles.includes(actor.role)) return { ok: false, error: translate('forbiddenRole') };
    const parsed = options.schema.safeParse(raw);
    if (!parsed.success) {
      const issues = fieldIssuesOf(parsed.error.issues);
      return { ok: false, error: translate('validation'), fieldErrors: fieldMessages(issues, translate) };
    }
    try {
      return { ok: true, data: await handler(ctxFor(actor), parsed.data) };
    } catch (error) {
      return failureOf(error, translate);
    }
  };
}

/**
 * What a failed verb call looks like to a form, as defineAction maps it: a translated message,
 * per-field messages for a ValidationError. For boundaries that call verbs outside defineAction
 * (e.g. a multipart upload route answering a form).
 */
export async function actionFailure(error: unknown): Promise<Extract<ActionResult<never>, { ok: false }>> {
  const t = await getTranslations('errors');
  return failureOf(error, (code, params) => (t.has(code) ? t(code, params) : t('unknown')));
}

function failureOf(
  error: unknown,
  translate: (code: string, params?: Record<string, string | number>) => string,
): Extract<ActionResult<never>, { ok: false }> {
  if (error instanceof ValidationError) {
    return { ok: false, error: translate(error.code, error.params), fieldErrors: fieldMessages(error.issues, translate) };
  }
  if (isDomainError(error)) return { ok: false, error: translate(error.code, error.params) };
  // A value the database cannot take (a NUL byte in a text, a number out of range) is the form's
  // input, as defineRoute answers it (400): "try again later" would never come true.
  if (isInvalidInputForDatabase(error)) {
    logger.warn({ err: error }, 'action input refused by the database');
    return { ok: false, error: translate('invalidValue') };
  }
  logger.error({ err: error }, 'server action failed');
  return { ok: false, error: translate('unknown') };
}

function fieldMessages(
  issues: FieldIssue[],
  translate: (code: string, params?: Record<string, string | number>) => string,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) out[issue.field] ??= translate(issue.code, issue.params);
  return out;
}
