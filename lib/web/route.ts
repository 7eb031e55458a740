import 'server-only';
import { NextResponse } from 'next/server';
import type { Ctx, Role } from '@/lib/core/context';
import { isDomainError, ValidationError } from '@/lib/core/errors';
import { toLocale, LOCALE_COOKIE } from '@/lib/i18n/config';
import { translateError } from '@/lib/i18n/translate';
import { logger } from '@/lib/log';
import { env } from '@/lib/config/env';
import { isInvalidInputForDatabase } from './invalid-input';
import { bodyTooLarge, changesState, contentTypeIs, foreignOrigin, hasBody, isOwnOrigin, readLimitedBody, unsupportedContentType, type BodyType } from './request-guard';
import { ctxFor, currentActor } from './session';

type Handler<P> = (args: { ctx: Ctx; request: Request; params: P }) => Promise<Response | unknown>;

/** The body a state-changing route reads: its media type and the most bytes it takes. */
export interface RouteBody {
  type: BodyType;
  maxBytes: number | ((ctx: Ctx) => Promise<number>);
  /** The 413 to answer with when the default ("请求内容过大（最多 …）") says too little. */
  tooLarge?: (maxBytes: number) => Error;
}

/** A JSON body of at most `maxBytes` (default 64 KB: a form's fields, never a file). */
export function jsonBody(maxBytes = 64 * 1024): RouteBody {
  return { type: 'json', maxBytes };
}

export interface RouteOptions {
  roles: Role[];
  /** What a POST/PUT/PATCH/DELETE reads; without it the request must carry no body. */
  body?: RouteBody;
}

/**
 * Wraps a route handler: sign-in and role checked on the server; for a state-changing method,
 * the request must come from our own pages (Origin/Sec-Fetch-Site against PUBLIC_BASE_URL), carry
 * the content type the route parses, and its body is read here, counted while it streams and cut
 * at the route's limit (413) — the handler gets a request whose body is those bytes. Domain errors
 * are mapped once to JSON `{ error, code, fields? }` with their HTTP status; anything else is a
 * logged 500.
 */
export function defineRoute<P = Record<string, string>>(options: RouteOptions, handler: Handler<P>) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    const locale = toLocale(cookieValue(request, LOCALE_COOKIE));
    const fail = (status: number, code: string, params?: Record<string, string | number>, fields?: Record<string, string>) =>
      NextResponse.json({ error: translateError(code, params, locale), code, ...(fields ? { fields } : {}) }, { status });
    const actor = await currentActor();
    if (!actor) return fail(401, 'unauthenticated');
    if (!options.roles.includes(actor.role)) return fail(403, 'forbiddenRole');
    try {
      const ctx = ctxFor(actor);
      const checked = changesState(request.method) ? await guardedRequest(request, ctx, options.body) : request;
      const result = await handler({ ctx, request: checked, params: await context.params });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      if (error instanceof ValidationError) {
        const fields = Object.fromEntries(error.issues.map((i) => [i.field, translateError(i.code, i.params, locale)]));
        return fail(400, error.code, error.params, fields);
      }
      if (isDomainError(error)) return fail(error.status, error.code, error.params);
      if (isInvalidInputForDatabase(error)) {
        logger.warn({ err: error, url: request.url }, 'route input refused by the database');
        return fail(400, 'invalidValue');
      }
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

/** The state-changing request, checked, with its body read within the limit (see defineRoute). */
async function guardedRequest(request: Request, ctx: Ctx, body: RouteBody | undefined): Promise<Request> {
  if (!isOwnOrigin(request.headers, env().PUBLIC_BASE_URL)) throw foreignOrigin();
  if (!body) {
    await readLimitedBody(request, 0);
    return request;
  }
  if (hasBody(request.headers) && !contentTypeIs(request.headers.get('content-type'), body.type)) throw unsupportedContentType(body.type);
  const maxBytes = typeof body.maxBytes === 'number' ? body.maxBytes : await body.maxBytes(ctx);
  const bytes = await readLimitedBody(request, maxBytes, () => (body.tooLarge ?? bodyTooLarge)(maxBytes));
  return new Request(request.url, { method: request.method, headers: request.headers, body: bytes.byteLength > 0 ? bytes : null, signal: request.signal });
}

function cookieValue(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}
