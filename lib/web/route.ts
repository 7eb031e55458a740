import 'server-only';
import { NextResponse } from 'next/server';
import type { Ctx, Role } from '@/lib/platform/core/context';
import { z } from 'zod';
import { isDomainError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { idSchema } from '@/lib/platform/core/ids';
import { parseInput } from '@/lib/platform/core/parse-input';
import { toLocale, LOCALE_COOKIE } from '@/lib/platform/i18n/config';
import { translateError } from '@/lib/platform/i18n/translate';
import { logger } from '@/lib/platform/log';
import { withApiSecurityHeaders } from '@/lib/web/api-headers';
import { env } from '@/lib/platform/config/env';
import { isInvalidInputForDatabase } from './invalid-input';
import { bodyTooLarge, changesState, contentTypeIs, foreignOrigin, hasBody, isOwnOrigin, readLimitedBody, unsupportedContentType, type BodyType } from './request-guard';
import { ctxFor, currentActor, requestCookie } from './session';

type Handler<P, B, Q> = (args: { ctx: Ctx; request: Request; params: P; body: B; query: Q }) => Promise<Response | unknown>;

/** The body a state-changing route reads: its media type and the most bytes it takes. */
export interface RouteBody<B = undefined> {
  type: BodyType;
  maxBytes: number | ((ctx: Ctx) => Promise<number>);
  /** The 413 to answer with when the default ("请求内容过大（最多 …）") says too little. */
  tooLarge?: (maxBytes: number) => Error;
  /** JSON: the body's fields, parsed before the handler runs (an empty body is `{}`). */
  schema?: z.ZodType<B>;
}

/** A JSON body of these fields, of at most `maxBytes` (default 64 KB: a form's fields, never a file). */
export function jsonBody<S extends z.ZodType>(schema: S, maxBytes = 64 * 1024): RouteBody<z.output<S>> {
  return { type: 'json', maxBytes, schema: schema as z.ZodType<z.output<S>> };
}

/** A JSON body the route hands on unread (the queue dashboard's own API): counted, never parsed here. */
export function passedOnJsonBody(maxBytes = 64 * 1024): RouteBody {
  return { type: 'json', maxBytes };
}

export interface RouteOptions<P, B, Q> {
  roles: Role[];
  /** The path's parameters; one that does not fit names no record (404). */
  params?: z.ZodType<P>;
  /** The query string's parameters (blank ones left out); one that does not fit is a 400 naming it. */
  query?: z.ZodType<Q>;
  /** What a POST/PUT/PATCH/DELETE reads; without it the request must carry no body. */
  body?: RouteBody<B>;
}

/** The `[id]` of a route's path: a record id, or no record at all. */
export const idParams = z.object({ id: idSchema });

/**
 * Wraps a route handler: sign-in and role checked on the server; for a state-changing method,
 * the request must come from our own pages (Origin/Sec-Fetch-Site against PUBLIC_BASE_URL), carry
 * the content type the route parses, and its body is read here, counted while it streams and cut
 * at the route's limit (413) — the handler gets a request whose body is those bytes, and a JSON
 * body parsed by the route's schema. Path and query parameters are parsed by theirs too: no handler
 * casts what came from outside. Domain errors are mapped once to JSON `{ error, code, fields? }`
 * with their HTTP status; anything else is a logged 500. The few routes proxy.ts does not see get
 * its security headers here.
 */
export function defineRoute<P = Record<string, string>, B = undefined, Q = undefined>(options: RouteOptions<P, B, Q>, handler: Handler<P, B, Q>) {
  return async (request: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }): Promise<Response> =>
    withApiSecurityHeaders(await handle(request, context), request);

  async function handle(request: Request, context: { params: Promise<Record<string, string | string[] | undefined>> }): Promise<Response> {
    const locale = toLocale(requestCookie(request, LOCALE_COOKIE));
    const fail = (status: number, code: string, params?: Record<string, string | number>, fields?: Record<string, string>) =>
      NextResponse.json({ error: translateError(code, params, locale), code, ...(fields ? { fields } : {}) }, { status });
    try {
      const actor = await currentActor();
      if (!actor) return fail(401, 'unauthenticated');
      if (!options.roles.includes(actor.role)) return fail(403, 'forbiddenRole');
      const ctx = ctxFor(actor);
      const params = await parsedParams(options.params, await context.params);
      const query = parsedQuery(options.query, request);
      const checked = changesState(request.method) ? await guardedRequest(request, ctx, options.body) : { request, body: undefined as B };
      const result = await handler({ ctx, request: checked.request, params, body: checked.body, query });
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
  }
}

function parsedParams<P>(schema: z.ZodType<P> | undefined, raw: Record<string, string | string[] | undefined>): P {
  if (!schema) return raw as P;
  const result = schema.safeParse(raw);
  if (!result.success) throw new NotFoundError();
  return result.data;
}

function parsedQuery<Q>(schema: z.ZodType<Q> | undefined, request: Request): Q {
  if (!schema) return undefined as Q;
  const query = Object.fromEntries([...new URL(request.url).searchParams].filter(([, v]) => v !== ''));
  return parseInput(schema, query);
}

/** The state-changing request, checked, with its body read within the limit and parsed (see defineRoute). */
async function guardedRequest<B>(request: Request, ctx: Ctx, body: RouteBody<B> | undefined): Promise<{ request: Request; body: B }> {
  if (!isOwnOrigin(request.headers, env().PUBLIC_BASE_URL)) throw foreignOrigin();
  if (!body) {
    await readLimitedBody(request, 0);
    return { request, body: undefined as B };
  }
  if (hasBody(request.headers) && !contentTypeIs(request.headers.get('content-type'), body.type)) throw unsupportedContentType(body.type);
  const maxBytes = typeof body.maxBytes === 'number' ? body.maxBytes : await body.maxBytes(ctx);
  const bytes = await readLimitedBody(request, maxBytes, () => (body.tooLarge ?? bodyTooLarge)(maxBytes));
  const read = new Request(request.url, { method: request.method, headers: request.headers, body: bytes.byteLength > 0 ? bytes : null, signal: request.signal });
  return { request: read, body: body.schema ? parseInput(body.schema, jsonOf(bytes)) : (undefined as B) };
}

/** A JSON body's value; an empty body is `{}` (every field left out). */
function jsonOf(bytes: Uint8Array): unknown {
  const text = new TextDecoder().decode(bytes);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw ValidationError.field('body', 'invalidValue');
  }
}
