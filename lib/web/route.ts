import 'server-only';
import { NextResponse } from 'next/server';
import type { Ctx, Role } from '@/lib/core/context';
import { isDomainError, ValidationError } from '@/lib/core/errors';
import { toLocale, LOCALE_COOKIE } from '@/lib/i18n/config';
import { translateError } from '@/lib/i18n/translate';
import { logger } from '@/lib/log';
import { ctxFor, currentActor } from './session';

type Handler<P> = (args: { ctx: Ctx; request: Request; params: P }) => Promise<Response | unknown>;

/**
 * Wraps a route handler: sign-in and role checked on the server; domain errors mapped once to
 * JSON `{ error, code, fields? }` with their HTTP status; anything else is a logged 500.
 */
export function defineRoute<P = Record<string, string>>(options: { roles: Role[] }, handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const locale = toLocale(cookieValue(request, LOCALE_COOKIE));
    const fail = (status: number, code: string, params?: Record<string, string | number>, fields?: Record<string, string>) =>
      NextResponse.json({ error: translateError(code, params, locale), code, ...(fields ? { fields } : {}) }, { status });
    const actor = await currentActor();
    if (!actor) return fail(401, 'unauthenticated');
    if (!options.roles.includes(actor.role)) return fail(403, 'forbiddenRole');
    try {
      const result = await handler({ ctx: ctxFor(actor), request, params: await context.params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      if (error instanceof ValidationError) {
        const fields = Object.fromEntries(error.issues.map((i) => [i.field, translateError(i.code, i.params, locale)]));
        return fail(400, error.code, error.params, fields);
      }
      if (isDomainError(error)) return fail(error.status, error.code, error.params);
      // The client went away mid-request (a closed tab, a dropped connection): nobody to answer, nothing failed.
      if (request.signal.aborted) {
        logger.debug({ url: request.url }, 'client disconnected');
        return fail(499, 'unknown');
      }
      logger.error({ err: error, url: request.url }, 'route failed');
      return fail(500, 'unknown');
    }
  };
}

function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
