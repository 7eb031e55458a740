import { randomUUID } from 'node:crypto';
import IORedis, { type Redis } from 'ioredis';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and } from 'drizzle-orm';
import { auditLog, notifications } from '@/db/schema';
import { createSignInThrottle, SIGN_IN_LIMITS, signInRestriction, signInWithPassword, unlockSignIn, type SignInThrottle } from '@/lib/auth/sign-in';
import { ForbiddenError, RateLimitedError } from '@/lib/platform/core/errors';
import { MAX_DELAY_SECONDS } from '@/lib/auth/sign-in-delay';
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
    expect(actor).toEqual({ id: manager.id, username: 'li.si', displayName: 'li.si', role: 'manager', unitId: unit.id, sessionVersion: 0 });
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
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD.toUpperCase(), ip: '10.0.0.7' })).toBeNull();
    const failures = await db.select().from(auditLog).where(eq(auditLog.action, 'auth.signInFailed'));
    expect(failures).toHaveLength(2);
    expect(failures.every((f) => f.entityId === manager.id && f.actorId === null)).toBe(true);
  });
});

describe('growing delays per (account, address), never an account lock', () => {
  it("someone else's wrong passwords never keep the owner out: other addresses sign in at once", async () => {
    const { db, throttle } = await setup();
    const attacker = '10.6.6.6';
    for (let i = 0; i < 12; i++) {
      const now = new Date(Date.now() + i * MAX_DELAY_SECONDS * 1000);
      expect(await signInWithPassword(db, throttle, { username: 'li.si', password: `guess-${i}`, ip: attacker }, now)).toBeNull();
    }
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: '10.0.0.20' })).not.toBeNull();
  });

  it('two typos cost nothing; then the same address waits 1 s, 2 s, 4 s … — the right password too', async () => {
    const { db, throttle } = await setup();
    const t0 = Date.now();
    const at = (s: number) => new Date(t0 + s * 1000);
    const attempt = (password: string, s: number) => signInWithPassword(db, throttle, { username: 'li.si', password, ip: IP }, at(s));
    expect(await attempt('wrong-1', 0)).toBeNull();
    expect(await attempt('wrong-2', 0)).toBeNull();
    expect(await attempt('wrong-3', 0)).toBeNull(); // the third failure starts the wait: 1 s
    await expect(attempt(PASSWORD, 0.5)).rejects.toMatchObject({ code: 'signInThrottled', params: { seconds: 1 } });
    expect(await attempt('wrong-4', 1)).toBeNull(); // now 2 s
    await expect(attempt(PASSWORD, 2.5)).rejects.toBeInstanceOf(RateLimitedError);
    expect(await attempt('wrong-5', 3)).toBeNull(); // now 4 s
    await expect(attempt(PASSWORD, 6)).rejects.toMatchObject({ params: { seconds: 1 } });
    // After the wait the right password works and the count starts again.
    expect(await attempt(PASSWORD, 7)).not.toBeNull();
    expect(await attempt('wrong-6', 7)).toBeNull();
    expect(await attempt('wrong-7', 7)).toBeNull();
    expect(await attempt(PASSWORD, 7)).not.toBeNull();
  });

  it('parallel guesses from one address are refused, not all checked', async () => {
    const { db, throttle } = await setup();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => signInWithPassword(db, throttle, { username: 'li.si', password: `guess-${i}`, ip: IP })),
    );
    const checked = results.filter((r) => r.status === 'fulfilled');
    expect(checked.length).toBeLessThanOrEqual(3);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason instanceof RateLimitedError)).toBe(true);
  });

  it(`an address is stopped after ${SIGN_IN_LIMITS.perIp.points} failures across accounts; other addresses are not`, async () => {
    const { db, throttle } = await setup();
    // Guessing many usernames from one address, never twice the same one.
    for (let i = 0; i < 29; i++) {
      expect(await signInWithPassword(db, throttle, { username: `guess${i}`, password: 'x', ip: IP })).toBeNull();
    }
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).not.toBeNull();
    expect(await signInWithPassword(db, throttle, { username: 'guess-last', password: 'x', ip: IP })).toBeNull();

    await expect(signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).rejects.toBeInstanceOf(RateLimitedError);
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: '10.0.0.2' })).not.toBeNull();
  });

  it(`the owner is told (once) after ${SIGN_IN_LIMITS.notifyOwnerAfter} failures within the hour, from any addresses`, async () => {
    const { db, manager, throttle } = await setup();
    for (let i = 0; i < 8; i++) {
      await signInWithPassword(db, throttle, { username: 'li.si', password: `guess-${i}`, ip: `10.0.3.${i}` });
    }
    const told = await db.select().from(notifications).where(and(eq(notifications.userId, manager.id), eq(notifications.kind, 'sign_in_failures')));
    expect(told).toHaveLength(1);
    expect(told[0]!.params).toEqual({ count: SIGN_IN_LIMITS.notifyOwnerAfter });
  });

  it('the admin unlocks an account: every address may try again at once; audited; others may not unlock', async () => {
    const { db, ctx, manager, throttle } = await setup();
    const t0 = Date.now();
    // Five failures, each after the wait the one before set: now this address waits 4 s.
    for (const [i, s] of [0, 0, 0, 1, 3].entries()) {
      await signInWithPassword(db, throttle, { username: 'li.si', password: `guess-${i}`, ip: IP }, new Date(t0 + s * 1000));
    }
    await expect(signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).rejects.toBeInstanceOf(RateLimitedError);
    expect(await signInRestriction({ ctx, input: { id: manager.id }, throttle })).toMatchObject({ waitingAddresses: 1 });

    const managerCtx = { ...ctx, actor: { id: manager.id, username: manager.username, displayName: manager.displayName, role: manager.role, unitId: manager.unitId } };
    await expect(unlockSignIn({ ctx: managerCtx, input: { id: manager.id }, throttle })).rejects.toBeInstanceOf(ForbiddenError);

    await unlockSignIn({ ctx, input: { id: manager.id }, throttle });
    expect(await signInRestriction({ ctx, input: { id: manager.id }, throttle })).toEqual({ waitingAddresses: 0, longestWaitSeconds: 0 });
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).not.toBeNull();
    const [audit] = await db.select().from(auditLog).where(eq(auditLog.action, 'user.signInUnlocked'));
    expect(audit).toMatchObject({ actorId: ctx.actor.id, entityId: manager.id, before: { waitingAddresses: 1 } });
  });
});

describe('the answer takes as long whether or not the account exists or is active', () => {
  async function median(run: () => Promise<unknown>): Promise<number> {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      await run();
      times.push(performance.now() - start);
    }
    return times.sort((a, b) => a - b)[2]!;
  }

  it('unknown and deactivated users are checked against a password hash too', async () => {
    const { db, ctx, create, throttle } = await setup();
    const inactive = await create('zhao.liu');
    await updateUser({ ctx, input: { id: inactive.id, active: false } });
    // A fresh address per try: the delays are not what is measured.
    let k = 0;
    const ip = () => `10.1.${Math.floor(++k / 200)}.${k % 200}`;
    await signInWithPassword(db, throttle, { username: 'warm-up', password: 'x', ip: ip() });
    const wrongPassword = await median(() => signInWithPassword(db, throttle, { username: 'li.si', password: 'wrong-password', ip: ip() }));
    const unknown = await median(() => signInWithPassword(db, throttle, { username: 'no.such.user', password: 'wrong-password', ip: ip() }));
    const deactivated = await median(() => signInWithPassword(db, throttle, { username: 'zhao.liu', password: PASSWORD, ip: ip() }));
    // bcrypt dominates a wrong password's answer; without a hash for the others they took a tenth of it.
    expect(unknown).toBeGreaterThan(wrongPassword * 0.6);
    expect(deactivated).toBeGreaterThan(wrongPassword * 0.6);
  });
});

describe('accounts', () => {
  it('a deactivated user cannot sign in; reactivated, they can again', async () => {
    const { db, ctx, manager, throttle } = await setup();
    await updateUser({ ctx, input: { id: manager.id, active: false } });
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: IP })).toBeNull();
    await updateUser({ ctx, input: { id: manager.id, active: true } });
    expect(await signInWithPassword(db, throttle, { username: 'li.si', password: PASSWORD, ip: '10.0.0.9' })).not.toBeNull();
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
