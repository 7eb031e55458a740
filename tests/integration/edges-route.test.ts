import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { units } from '@/db/schema';
import { env } from '@/lib/platform/config/env';
import type { Role } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError, RateLimitedError, ValidationError } from '@/lib/platform/core/errors';
import { logger } from '@/lib/platform/log';
import { defineRoute, idParams, jsonBody } from '@/lib/web/route';
import { requestCookies, signedInAs } from '../support/request-cookies';
import { testDb } from '../support/worker-setup';

/*
 * defineRoute, the one door every API request passes: who may come in, what a state-changing
 * request must look like, what its path, query and body must be, and how every failure reads to
 * the caller. The session cookie is a real one, read from the real database; only Next's
 * request-scoped cookie store is stood in for. The test route below writes a unit, so "nothing was
 * written" is a count of units.
 */
vi.mock('server-only', () => ({}));
vi.mock('next/headers', async () => (await import('../support/request-cookies')).nextHeadersStandIn);

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  requestCookies.clear();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const base = () => env().PUBLIC_BASE_URL;
const own = () => ({ origin: new URL(base()).origin, 'sec-fetch-site': 'same-origin' });
const unitCount = () => db.$count(units);
const at = (id: string) => ({ params: Promise.resolve({ id }) });
const ID = '0b6f3a52-5f0e-4c38-9d3b-1f2a3b4c5d6e';

/** A route like the app's: staff rename-ish action on /api/test/[id] that writes one unit. */
const fields = z.object({ name: z.string('errors.required').trim().min(1, 'errors.required').max(20) });
const createUnit = defineRoute(
  { roles: ['staff'], params: idParams, query: z.object({ region: z.enum(['north', 'south'], 'errors.invalidValue').optional() }), body: jsonBody(fields, 1024) },
  async ({ ctx, params, query, body }) => {
    const [row] = await ctx.db.insert(units).values({ code: `T${Date.now() % 1e8}`, name: body.name, region: query.region ?? '测试区' }).returning();
    return { id: row.id, path: params.id, name: row.name, region: row.region };
  },
);

/** A POST as a browser sends it over HTTP/1.1: a string body comes with its Content-Length. */
function post(body: string, headers: Record<string, string> = {}, path = `/api/test/${ID}`) {
  const length = { 'content-length': String(Buffer.byteLength(body)) };
  return new Request(new URL(path, base()), { method: 'POST', headers: { 'content-type': 'application/json', ...length, ...own(), ...headers }, body });
}

/** A handler that fails as the given function does. */
function failing(roles: Role[], fail: (db: Db) => Promise<never>) {
  return defineRoute({ roles }, async ({ ctx }) => fail(ctx.db as Db));
}
const get = (path = '/api/test', headers: Record<string, string> = {}) => new Request(new URL(path, base()), { headers });
const noParams = { params: Promise.resolve({}) };

describe('defineRoute: who may come in', () => {
  it('without a session answers 401 请先登录 — in English with the locale cookie — and the handler never runs', async () => {
    const zh = await createUnit(post(JSON.stringify({ name: '一区' })), at(ID));
    expect(zh.status).toBe(401);
    expect(await zh.json()).toEqual({ code: 'unauthenticated', error: '请先登录。' });

    const en = await createUnit(post(JSON.stringify({ name: '一区' }), { cookie: 'NEXT_LOCALE=en' }), at(ID));
    expect(en.status).toBe(401);
    expect(await en.json()).toEqual({ code: 'unauthenticated', error: 'Please sign in first.' });
    expect(await unitCount()).toBe(0);
  });

  it('a session of a deactivated user opens nothing (401)', async () => {
    const user = await signedInAs(db, 'staff');
    await db.execute(sql`update users set active = false where id = ${user.id}`);
    const res = await createUnit(post(JSON.stringify({ name: '一区' })), at(ID));
    expect(res.status).toBe(401);
    expect(await unitCount()).toBe(0);
  });

  it('a role the route does not name answers 403 您的角色无权执行此操作', async () => {
    await signedInAs(db, 'agent');
    const res = await createUnit(post(JSON.stringify({ name: '一区' })), at(ID));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ code: 'forbiddenRole', error: '您的角色无权执行此操作。' });
    expect(await unitCount()).toBe(0);
  });

  it('the right role, a good request: the handler runs and its value is the JSON answer', async () => {
    await signedInAs(db, 'staff');
    const res = await createUnit(post(JSON.stringify({ name: ' 一区 ' }), {}, `/api/test/${ID}?region=north`), at(ID));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ path: ID, name: '一区', region: 'north' });
    expect(await unitCount()).toBe(1);
  });
});

describe('defineRoute: a state-changing request', () => {
  beforeEach(async () => {
    await signedInAs(db, 'staff');
  });

  it('from another site (Origin, or Sec-Fetch-Site alone) is refused 403, nothing written', async () => {
    const foreign: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: new URL(base()).origin.replace(/:\d+$|$/, ':4444') }, { 'sec-fetch-site': 'cross-site' }];
    for (const headers of foreign) {
      const request = new Request(new URL(`/api/test/${ID}`, base()), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ name: '一区' }) });
      const res = await createUnit(request, at(ID));
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ code: 'request.foreignOrigin', error: '请求不是从本系统的页面发出的，已拒绝。请在本系统页面中重新操作。' });
    }
    expect(await unitCount()).toBe(0);
  });

  it('of another content type is 415 naming the one expected, nothing written', async () => {
    const res = await createUnit(post('name=一区', { 'content-type': 'application/x-www-form-urlencoded' }), at(ID));
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({ code: 'request.unsupportedContentType', error: '请求格式不受支持（应为 application/json）。' });
    expect(await unitCount()).toBe(0);
  });

  it('over its limit is 413 with the limit — declared too long, or chunked and cut while it streams', async () => {
    const big = JSON.stringify({ name: '一区', pad: 'x'.repeat(2000) });
    const declared = await createUnit(post(big), at(ID));
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({ code: 'request.bodyTooLarge', error: '请求内容过大（最多 1 KB）。' });

    // No Content-Length: the body is counted as it arrives, and the rest is never read.
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode('x'.repeat(512)));
      },
    });
    const chunked = new Request(new URL(`/api/test/${ID}`, base()), { method: 'POST', headers: { 'content-type': 'application/json', ...own() }, body: endless, duplex: 'half' } as RequestInit);
    const cut = await createUnit(chunked, at(ID));
    expect(cut.status).toBe(413);
    expect(pulled).toBeLessThan(10);
    expect(await unitCount()).toBe(0);
  });

  it('with a body a route that takes none is 413 此请求不应带有内容', async () => {
    const noBody = defineRoute({ roles: ['staff'] }, async ({ ctx }) => {
      await ctx.db.insert(units).values({ code: 'NB1', name: '不该写', region: 'x' });
      return { ok: true };
    });
    const res = await noBody(post(JSON.stringify({ name: '一区' })), noParams);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ code: 'request.bodyNotExpected', error: '此请求不应带有内容。' });
    expect(await unitCount()).toBe(0);
    // Without one it runs.
    expect((await noBody(new Request(new URL('/api/test', base()), { method: 'DELETE', headers: own() }), noParams)).status).toBe(200);
  });

  it('a JSON body that does not fit its schema is 400 请检查标出的字段 with a message per field; unreadable JSON names the body', async () => {
    const missing = await createUnit(post(JSON.stringify({ name: '' })), at(ID));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ code: 'validation', error: '请检查标出的字段。', fields: { name: '必填。' } });

    const tooLong = await createUnit(post(JSON.stringify({ name: '长'.repeat(21) }), { cookie: 'NEXT_LOCALE=en' }), at(ID));
    expect(tooLong.status).toBe(400);
    const body = (await tooLong.json()) as { error: string; fields: Record<string, string> };
    expect(body.error).toMatch(/^[\x20-\x7e]+$/);
    expect(Object.keys(body.fields)).toEqual(['name']);

    const broken = await createUnit(post('{"name": "一区"'), at(ID));
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: 'validation', fields: { body: '取值无效。' } });
    expect(await unitCount()).toBe(0);
  });
});

describe('defineRoute: path and query', () => {
  beforeEach(async () => {
    await signedInAs(db, 'staff');
  });

  it('a path id that is not an id names no record: 404 记录不存在, nothing written', async () => {
    for (const id of ['abc', "1' or '1'='1", `${ID}x`]) {
      const res = await createUnit(post(JSON.stringify({ name: '一区' }), {}, `/api/test/${encodeURIComponent(id)}`), at(id));
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ code: 'notFound', error: '记录不存在。' });
    }
    expect(await unitCount()).toBe(0);
  });

  it('a query parameter that does not fit is 400 naming it; a blank one counts as left out', async () => {
    const bad = await createUnit(post(JSON.stringify({ name: '一区' }), {}, `/api/test/${ID}?region=east`), at(ID));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: 'validation', error: '请检查标出的字段。', fields: { region: '取值无效。' } });
    expect(await unitCount()).toBe(0);

    const blank = await createUnit(post(JSON.stringify({ name: '一区' }), {}, `/api/test/${ID}?region=`), at(ID));
    expect(blank.status).toBe(200);
    expect(await blank.json()).toMatchObject({ region: '测试区' });
  });

  it('the app routes: /api/imports/<not an id> is 404, /api/desk/calls?taskId=<not an id> is 400 naming taskId', async () => {
    const { GET: importStatus } = await import('@/app/api/imports/[id]/route');
    const res = await importStatus(get('/api/imports/abc'), at('abc'));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'notFound', error: '记录不存在。' });
    // An id that fits but names nothing: the verb's 404, the same answer.
    expect((await importStatus(get(`/api/imports/${ID}`), at(ID))).status).toBe(404);

    await signedInAs(db, 'agent');
    const { GET: lastCall } = await import('@/app/api/desk/calls/route');
    const call = await lastCall(get('/api/desk/calls?taskId=abc'), noParams);
    expect(call.status).toBe(400);
    expect(await call.json()).toMatchObject({ code: 'validation', error: '请检查标出的字段。', fields: { taskId: expect.stringMatching(/[\u4e00-\u9fff]/) } });
    const none = await lastCall(get('/api/desk/calls'), noParams);
    expect(none.status).toBe(400);
    expect(await none.json()).toMatchObject({ fields: { taskId: expect.any(String) } });
  });
});

describe('defineRoute: how a failure reads', () => {
  beforeEach(async () => {
    await signedInAs(db, 'staff');
  });

  it('a domain error answers its own status and translated message, with its parameters filled in', async () => {
    const conflict = await failing(['staff'], async () => {
      throw new ConflictError('callbacks.notHolder');
    })(get(), noParams);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ code: 'callbacks.notHolder', error: expect.stringContaining('不在您名下') });

    const throttled = await failing(['staff'], async () => {
      throw new RateLimitedError('signInThrottled', { seconds: 42 });
    })(get(), noParams);
    expect(throttled.status).toBe(429);
    expect(await throttled.json()).toEqual({ code: 'signInThrottled', error: '登录失败次数过多，请 42 秒后再试。' });

    const gone = await failing(['staff'], async () => {
      throw new NotFoundError();
    })(get('/api/test', { cookie: 'theme=dark; NEXT_LOCALE=en' }), noParams);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toEqual({ code: 'notFound', error: expect.not.stringMatching(/[\u4e00-\u9fff]/) });
  });

  it('a ValidationError from a verb carries each field, translated', async () => {
    const res = await failing(['staff'], async () => {
      throw new ValidationError([
        { field: 'name', code: 'required' },
        { field: 'notes', code: 'tooLong' },
      ]);
    })(get(), noParams);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 'validation', error: '请检查标出的字段。', fields: { name: '必填。', notes: '内容过长。' } });
  });

  it('input the database refuses as data (a date that does not exist, a NUL byte) is 400 取值无效, not a 500', async () => {
    const badDate = await failing(['staff'], async (d) => {
      await d.execute(sql`select ${'2026-02-30'}::date`);
      throw new Error('unreachable');
    })(get(), noParams);
    expect(badDate.status).toBe(400);
    expect(await badDate.json()).toEqual({ code: 'invalidValue', error: '取值无效。' });

    const nul = await failing(['staff'], async (d) => {
      await d.insert(units).values({ code: 'N1', name: 'a\u0000b', region: 'x' });
      throw new Error('unreachable');
    })(get(), noParams);
    expect(nul.status).toBe(400);
    expect(await unitCount()).toBe(0);
  });

  it('anything else is a logged 500 with the generic message — never the exception text', async () => {
    const errors = vi.spyOn(logger, 'error');
    const res = await failing(['staff'], async () => {
      throw new Error('relation "secret_table" does not exist at 10.0.0.7');
    })(get('/api/test?x=1'), noParams);
    expect(res.status).toBe(500);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ code: 'unknown', error: '操作失败，请稍后再试。如果问题持续，请联系管理员。' });
    expect(JSON.stringify(body)).not.toContain('secret_table');
    expect(errors).toHaveBeenCalledTimes(1);
    expect(errors.mock.calls[0]![0]).toMatchObject({ err: expect.objectContaining({ message: expect.stringContaining('secret_table') }), url: expect.stringContaining('/api/test') });
  });

  it('a client that went away mid-request is not logged as a failure', async () => {
    const errors = vi.spyOn(logger, 'error');
    const gone = new AbortController();
    const request = new Request(new URL('/api/test', base()), { signal: gone.signal });
    const res = await failing(['staff'], async () => {
      gone.abort();
      throw new Error('The operation was aborted');
    })(request, noParams);
    expect(res.status).toBe(499);
    expect(errors).not.toHaveBeenCalled();
  });
});

describe('defineRoute: security headers on the paths proxy.ts does not see', () => {
  it('an upload route answers with the API headers even when it refuses; an ordinary route leaves them to the proxy', async () => {
    await signedInAs(db, 'agent');
    const { POST } = await import('@/app/api/imports/route');
    const refused = await POST(new Request(new URL('/api/imports', base()), { method: 'POST', headers: own() }), noParams);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect(refused.headers.get('x-frame-options')).toBe('DENY');

    requestCookies.clear();
    const anonymous = await POST(new Request(new URL('/api/imports', base()), { method: 'POST', headers: own() }), noParams);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-security-policy')).toContain("default-src 'none'");

    const { GET } = await import('@/app/api/me/route');
    const me = await GET(get('/api/me'), noParams);
    expect(me.status).toBe(401);
    expect(me.headers.get('content-security-policy')).toBeNull();
  });
});
