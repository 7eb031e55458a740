import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { logger } from '@/lib/platform/log';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { requestCookies, signedInAs } from '../support/request-cookies';
import { testDb } from '../support/worker-setup';

/*
 * Every page starts with pageCtx and reads its data through pageLoad: what a person who opens an
 * address sees — the sign-in page, the 403 page, the 404 page — comes from here. Next's own
 * redirect/notFound/forbidden are the real ones (they throw errors whose digest Next renders as
 * that page); only the request's cookie store is stood in for, carrying a real session cookie.
 */
vi.mock('server-only', () => ({}));
vi.mock('next/headers', async () => (await import('../support/request-cookies')).nextHeadersStandIn);

beforeAll(() => {
  // next.config.js turns on experimental.authInterrupts (forbidden()); Next passes it on like this.
  process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true';
});

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  requestCookies.clear();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** What Next renders for a thrown navigation error: 'login' for a redirect there, '404', '403', or the error itself. */
async function shown(promise: Promise<unknown>): Promise<string | unknown> {
  const error = await promise.then(
    () => 'rendered',
    (e: unknown) => e,
  );
  if (error === 'rendered') return error;
  const digest = (error as { digest?: unknown }).digest;
  if (typeof digest !== 'string') return error;
  if (digest.startsWith('NEXT_REDIRECT;')) return `redirect ${digest.split(';')[2]}`;
  if (digest.startsWith('NEXT_HTTP_ERROR_FALLBACK;')) return digest.split(';')[1];
  return error;
}

describe('pageCtx', () => {
  it('without a session sends the person to /login; with an ended session too', async () => {
    expect(await shown(pageCtx('staff'))).toBe('redirect /login');
    const user = await signedInAs(db, 'staff');
    await db.execute(sql`update users set session_version = session_version + 1 where id = ${user.id}`);
    expect(await shown(pageCtx('staff'))).toBe('redirect /login');
  });

  it('a role the page does not name is the 403 page; a page naming no role lets every signed-in user in', async () => {
    const agent = await signedInAs(db, 'agent');
    expect(await shown(pageCtx('staff', 'admin'))).toBe('403');
    const ctx = await pageCtx();
    expect(ctx.actor).toMatchObject({ id: agent.id, role: 'agent' });
    expect((await pageCtx('agent')).actor.id).toBe(agent.id);
  });
});

describe('pageLoad', () => {
  it('not found is the 404 page; out of scope is the 403 page', async () => {
    expect(await shown(pageLoad(async () => Promise.reject(new NotFoundError())))).toBe('404');
    expect(await shown(pageLoad(async () => Promise.reject(new ForbiddenError())))).toBe('403');
  });

  it('input the verb refuses (a hand-edited ?month=abc) is the 404 page, never a 500', async () => {
    expect(await shown(pageLoad(async () => Promise.reject(ValidationError.field('month', 'invalidValue'))))).toBe('404');
  });

  it('input the database refuses as data (an id that only looks like one, a date that does not exist) is the 404 page, logged as a warning', async () => {
    const warnings = vi.spyOn(logger, 'warn');
    expect(await shown(pageLoad(() => db.execute(sql`select ${'2026-02-30'}::date`)))).toBe('404');
    expect(await shown(pageLoad(() => db.execute(sql`select ${'00000000-0000-0000-0000-00000000000g'}::uuid`)))).toBe('404');
    expect(warnings).toHaveBeenCalledTimes(2);
  });

  it('other errors are not hidden as a missing page: a conflict and a fault reach the error page as they are', async () => {
    const conflict = new ConflictError('callbacks.notHolder');
    expect(await shown(pageLoad(async () => Promise.reject(conflict)))).toBe(conflict);
    const fault = new Error('connection terminated unexpectedly');
    expect(await shown(pageLoad(async () => Promise.reject(fault)))).toBe(fault);
    // A database error that is not about the input (a missing table) is a fault too.
    const missing = await shown(pageLoad(() => db.execute(sql`select * from no_such_table`)));
    expect(missing).toBeInstanceOf(Error);
    expect(String((missing as Error).message)).toMatch(/no_such_table/);
  });

  it('a load that succeeds returns its value', async () => {
    expect(await pageLoad(async () => ({ rows: 3 }))).toEqual({ rows: 3 });
  });
});

describe('a real page: 导入详情 (/imports/[id])', () => {
  const open = async (id: string) => {
    const { default: ImportPage } = await import('@/app/(app)/imports/[id]/page');
    return shown(ImportPage({ params: Promise.resolve({ id }), searchParams: Promise.resolve({}) }));
  };

  it('signed out: the sign-in page; an agent: the 403 page; staff at a made-up or unknown id: the 404 page', async () => {
    expect(await open('0b6f3a52-5f0e-4c38-9d3b-1f2a3b4c5d6e')).toBe('redirect /login');
    await signedInAs(db, 'agent');
    expect(await open('0b6f3a52-5f0e-4c38-9d3b-1f2a3b4c5d6e')).toBe('403');
    await signedInAs(db, 'staff');
    expect(await open('abc')).toBe('404');
    expect(await open('0b6f3a52-5f0e-4c38-9d3b-1f2a3b4c5d6e')).toBe('404');
  });
});
