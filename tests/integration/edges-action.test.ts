import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { auditLog, units } from '@/db/schema';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { LOCALE_COOKIE } from '@/lib/platform/i18n/config';
import { logger } from '@/lib/platform/log';
import { defineAction } from '@/lib/web/safe-action';
import { makeUnit } from '../support/factories';
import { requestCookies, signedInAs } from '../support/request-cookies';
import { testDb } from '../support/worker-setup';

/*
 * defineAction, the door every form's server action passes: sign-in and role, the action's schema
 * (a message per field), and how a failed verb reads on the form. The session cookie is a real one;
 * Next's request-scoped stores are stood in for: cookies() carries this test's cookies, and
 * getTranslations is next-intl's translator built by the app's own request config
 * (lib/platform/i18n/request.ts: the locale cookie picks the catalogue), as Next builds it per request.
 */
vi.mock('server-only', () => ({}));
vi.mock('next/headers', async () => (await import('../support/request-cookies')).nextHeadersStandIn);
vi.mock('next-intl/server', async () => {
  const { createTranslator } = await import('next-intl');
  return {
    getRequestConfig: (config: unknown) => config,
    getTranslations: async (namespace: string) => {
      const { default: requestConfig } = await import('@/lib/platform/i18n/request');
      const { locale, messages, timeZone } = await (requestConfig as unknown as (p: { requestLocale: Promise<undefined> }) => Promise<{ locale: string; messages: Record<string, unknown>; timeZone: string }>)({
        requestLocale: Promise.resolve(undefined),
      });
      return createTranslator({ locale, messages, namespace: namespace as never, timeZone });
    },
  };
});

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  requestCookies.clear();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const unitCount = () => db.$count(units);
const GENERIC = '操作失败，请稍后再试。如果问题持续，请联系管理员。';

describe('defineAction with a real action (管理员 creates a marketing unit)', () => {
  it('without a session: 请先登录 (in English with the locale cookie), nothing written', async () => {
    const { createUnitAction } = await import('@/app/(app)/admin/units/actions');
    expect(await createUnitAction({ code: 'DX01', name: '东区', region: '东' })).toEqual({ ok: false, error: '请先登录。' });
    requestCookies.set(LOCALE_COOKIE, 'en');
    expect(await createUnitAction({ code: 'DX01', name: '东区', region: '东' })).toEqual({ ok: false, error: 'Please sign in first.' });
    expect(await unitCount()).toBe(0);
  });

  it('a role the action does not name: 您的角色无权执行此操作, nothing written', async () => {
    await signedInAs(db, 'staff');
    const { createUnitAction } = await import('@/app/(app)/admin/units/actions');
    expect(await createUnitAction({ code: 'DX01', name: '东区', region: '东' })).toEqual({ ok: false, error: '您的角色无权执行此操作。' });
    expect(await unitCount()).toBe(0);
  });

  it('input that does not fit the schema: 请检查标出的字段 with one message per field, nothing written', async () => {
    await signedInAs(db, 'admin');
    const { createUnitAction } = await import('@/app/(app)/admin/units/actions');
    const result = await createUnitAction({ code: 'X'.repeat(33), name: '  ', region: '东' });
    expect(result).toEqual({ ok: false, error: '请检查标出的字段。', fieldErrors: { code: '编码最多 32 个字符。', name: '必填。' } });

    requestCookies.set(LOCALE_COOKIE, 'en');
    const english = await createUnitAction({ code: 'X'.repeat(33), name: '  ', region: '东' });
    expect(english).toMatchObject({ ok: false, fieldErrors: { code: expect.stringMatching(/32/), name: expect.not.stringMatching(/[\u4e00-\u9fff]/) } });
    expect(await unitCount()).toBe(0);
  });

  it('a domain error from the verb reads as its message with its parameters; the first create stands alone', async () => {
    const admin = await signedInAs(db, 'admin');
    const { createUnitAction } = await import('@/app/(app)/admin/units/actions');
    const created = await createUnitAction({ code: 'DX01', name: '东区', region: '东' });
    expect(created).toMatchObject({ ok: true, data: { name: '东区' } });

    const again = await createUnitAction({ code: 'DX01', name: '西区', region: '西' });
    expect(again).toEqual({ ok: false, error: '编码 DX01 或名称 西区 已被其他营销单位使用。' });
    expect(await unitCount()).toBe(1);
    expect(await db.$count(auditLog, eq(auditLog.actorId, admin.id))).toBe(1);
  });

  it('a text the database refuses as data (a NUL byte) reads as 取值无效 — not "try again later" — and is not logged as a fault', async () => {
    await signedInAs(db, 'admin');
    const errors = vi.spyOn(logger, 'error');
    const { createUnitAction } = await import('@/app/(app)/admin/units/actions');
    const result = await createUnitAction({ code: 'DX01', name: '东\u0000区', region: '东' });
    expect(result).toEqual({ ok: false, error: '取值无效。' });
    expect(errors).not.toHaveBeenCalled();
    expect(await unitCount()).toBe(0);
  });
});

describe('defineAction: how a failed verb reads on the form', () => {
  const input = z.object({ unitId: z.string() });

  it('a ValidationError from the verb: its own message and a message per field (the first for a field wins)', async () => {
    await signedInAs(db, 'staff');
    const action = defineAction({ schema: input, roles: ['staff'] }, async () => {
      throw new ValidationError(
        [
          { field: 'name', code: 'required' },
          { field: 'name', code: 'tooLong' },
          { field: 'notes', code: 'units.nameTooLong' },
        ],
        'validation',
      );
    });
    expect(await action({ unitId: 'x' })).toEqual({ ok: false, error: '请检查标出的字段。', fieldErrors: { name: '必填。', notes: '名称最多 64 个字。' } });
  });

  it('scope and not-found errors read as their messages; a code missing from the catalogue reads as the generic message', async () => {
    await signedInAs(db, 'staff');
    const forbidden = defineAction({ schema: input, roles: ['staff'] }, async () => {
      throw new ForbiddenError();
    });
    expect(await forbidden({ unitId: 'x' })).toEqual({ ok: false, error: '您无权执行此操作。' });
    const missing = defineAction({ schema: input, roles: ['staff'] }, async () => {
      throw new NotFoundError('no.such.code');
    });
    expect(await missing({ unitId: 'x' })).toEqual({ ok: false, error: GENERIC });
  });

  it('anything else: logged, and the form shows the generic message — never the exception text', async () => {
    await signedInAs(db, 'staff');
    const errors = vi.spyOn(logger, 'error');
    const action = defineAction({ schema: input, roles: ['staff'] }, async () => {
      throw new Error('connect ECONNREFUSED 10.0.0.7:5432 password=hunter2');
    });
    const result = await action({ unitId: 'x' });
    expect(result).toEqual({ ok: false, error: GENERIC });
    expect(JSON.stringify(result)).not.toContain('hunter2');
    expect(errors).toHaveBeenCalledTimes(1);
  });

  it('the verb runs as the signed-in user, with the parsed input', async () => {
    const staff = await signedInAs(db, 'staff');
    const unit = await makeUnit(db);
    const action = defineAction({ schema: z.object({ unitId: z.string().trim() }), roles: ['staff'] }, async (ctx, { unitId }) => ({ actor: ctx.actor.id, unitId }));
    expect(await action({ unitId: ` ${unit.id} ` })).toEqual({ ok: true, data: { actor: staff.id, unitId: unit.id } });
  });
});
