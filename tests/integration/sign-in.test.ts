import { randomUUID } from 'node:crypto';
import IORedis, { type Redis } from 'ioredis';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { createSignInThrottle, loadActor, SIGN_IN_LIMITS, signInWithPassword, type SignInThrottle } from '@/lib/auth/sign-in';
import { ForbiddenError, RateLimitedError } from '@/lib/core/errors';
import { createUser, createUserInput, updateUser } from '@/lib/users/users';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let redis: Redis;
const prefixes: string[] = [];

beforeAll(() => {
  redis = new IORedis('redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
});

afterEach(async () => {
  for (const prefix of prefixes.splice(0)) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
  }
});

afterAll(async () => {
  await redis.quit();
});

/** A throttle of its own per test, so lock-outs in one test never leak into another. */
function freshThrottle(): SignInThrottle {
  const prefix = `huifang-test:signin:${randomUUID()}`;
  prefixes.push(prefix);
  return createSignInThrottle(redis, prefix);
}

const PASSWORD = 'correct-horse-battery';

/** An admin and a manager the admin created through the verb, as in the admin area. */
async function setup() {
  const { db } = await testDb();
  const unit = await makeUnit(db);
  const admin = await makeUser(db, 'admin');
  const ctx = ctxAs(db, admin);
  const create = (username: string, role: 'manager' | 'staff' | 'agent' = 'manager') =>
    createUser({
      ctx,
      input: createUserInput.parse({ username, displayName: username, password: PASSWORD, role, unitId: role === 'manager' ? unit.id : null }),
    });
  const manager = await create('li.si');
  return { db, unit, admin, ctx, create, manager, throttle: freshThrottle() };
}

const IP = '10.0.0.1';

describe('signing in', () => {
  it('a user the admin created can sign in, and the sign-in is audited', async () => {
    const { db, unit, manager, throttle } = await setup();
    const actor = await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP });
    expect(actor).toEqual({ id: manager.id, username: 'li.si', displayName: 'li.si', role: 'manager', unitId: unit.id });
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'auth.signedIn'));
    expect(audit).toMatchObject({ actorId: manager.id, entityId: manager.id, after: { ip: IP } });
  });

  it('the username is not case- or space-sensitive', async () => {
    const { db, throttle } = await setup();
    expect(await signInWithPassword(db, throttle, { username: '  LI.SI ', password: PASSWORD, ip: IP })).not.toBeNull();
  });

  it('a wrong password or unknown user gives null, without saying which; the failure is audited', async () => {
    const { db, manager, throttle } = await setup();
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: 'wrong-password', ip: IP })).toBeNull();
    expect(await signInWithPassword(db, throttle, { username: 'nobody', password: PASSWORD, ip: IP })).toBeNull();
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD.toUpperCase(), ip: IP })).toBeNull();
    const failures = await db.select().from(auditLog).where(eq(auditLog.action, 'auth.signInFailed'));
    expect(failures).toHaveLength(2);
    expect(failures.every((f) => f.entityId === manager.id && f.actorId === null)).toBe(true);
  });

  it(`${SIGN_IN_LIMITS.perAccount.points} failures lock the account, even against the right password; other accounts are unaffected`, async () => {
    const { db, create, throttle } = await setup();
    await create('wang.wu');
    for (let i = 0; i < 5; i++) {
      expect(await signInWithPassword(db, throttle, { username: 'li.si', password: `wrong-${i}`, ip: `10.0.1.${i}` })).toBeNull();
    }
    await expect(signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: '10.9.9.9' })).rejects.toBeInstanceOf(
      RateLimitedError,
    );
    await expect(signInWithPassword(db, throttle, { username: 'LI.SI', password: PASSWORD, ip: '10.9.9.9' })).rejects.toMatchObject({
      code: 'signInThrottled',
    });
    // Same address as the failures: the per-address limit is far from reached.
    expect(await signInWithPassword(db, throttle, { username: 'wang.wu', password: PASSWORD, ip: '10.0.1.0' })).not.toBeNull();
  });

  it('four failures do not lock, and a successful sign-in starts the count again', async () => {
    const { db, throttle } = await setup();
    const fail = () => signInWithPassword(db, throttle, { username: 'li.si', password: 'wrong', ip: IP });
    for (let i = 0; i < 4; i++) await fail();
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).not.toBeNull();
    for (let i = 0; i < 4; i++) await fail();
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).not.toBeNull();
  });

  it(`an address is locked after ${SIGN_IN_LIMITS.perIp.points} failures across accounts; other addresses are not`, async () => {
    const { db, throttle } = await setup();
    // Guessing many usernames from one address, never 5 times the same one.
    for (let i = 0; i < 29; i++) {
      expect(await signInWithPassword(db, throttle, { username: `guess${i}`, password: 'x', ip: IP })).toBeNull();
    }
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).not.toBeNull();
    expect(await signInWithPassword(db, throttle, { username: 'guess-last', password: 'x', ip: IP })).toBeNull();

    await expect(signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).rejects.toBeInstanceOf(RateLimitedError);
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: '10.0.0.2' })).not.toBeNull();
  });

  it('a deactivated user cannot sign in and is signed out at once; reactivated, they can again', async () => {
    const { db, ctx, manager, throttle } = await setup();
    expect(await loadActor(db, manager.id)).not.toBeNull();
    await updateUser({ ctx, input: { id: manager.id, active: false } });

    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).toBeNull();
    expect(await loadActor(db, manager.id)).toBeNull();

    await updateUser({ ctx, input: { id: manager.id, active: true } });
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).not.toBeNull();
    expect(await loadActor(db, manager.id)).not.toBeNull();
  });

  it('a new role takes effect on the next request (loadActor), without signing in again', async () => {
    const { db, ctx, unit, manager, throttle } = await setup();
    const signedIn = await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP });
    expect(signedIn?.role).toBe('manager');
    await updateUser({ ctx, input: { id: manager.id, role: 'supervisor' } });
    expect(await loadActor(db, manager.id)).toMatchObject({ role: 'supervisor', unitId: unit.id });
  });

  it('after a password reset only the new password works', async () => {
    const { db, ctx, manager, throttle } = await setup();
    await updateUser({ ctx, input: { id: manager.id, password: 'the-new-password' } });
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).toBeNull();
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: 'the-new-password', ip: IP })).not.toBeNull();
  });

  it('a signed-in non-admin cannot create users', async () => {
    const { db, manager, throttle } = await setup();
    const actor = await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP });
    const input = createUserInput.parse({ username: 'intruder', displayName: 'x', password: PASSWORD, role: 'admin' });
    await expect(createUser({ ctx: { db, actor: actor!, now: () => new Date() }, input })).rejects.toBeInstanceOf(ForbiddenError);
    expect(await signInWithPassword(db, throttle, { username: 'intruder', password: PASSWORD, ip: IP })).toBeNull();
    expect(manager.role).toBe('manager');
  });
});
