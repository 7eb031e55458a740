import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import IORedis, { type Redis } from 'ioredis';
import { SESSION_LIFETIME_SECONDS } from '@/lib/auth/session-claims';
import { actorForSessionToken, encodeSessionToken, newSessionClaims, sessionHasEnded } from '@/lib/auth/sessions';
import { LiveHub } from '@/lib/live/hub';
import { liveEventStream } from '@/lib/live/stream';
import { changeOwnPassword } from '@/lib/users/profile';
import { createUser, createUserInput, updateUser } from '@/lib/users/users';
import { AuthClient } from '../support/auth-client';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/*
 * Sessions end on the server: 退出, deactivation, a password or role change end every session of
 * the user at once. "Opens" below is what every page, route and action asks (currentActor →
 * actorForSessionToken), and /api/auth/session is next-auth's own handler with the app's options.
 */

const PASSWORD = 'correct-horse-battery';
let redis: Redis;

beforeAll(() => {
  redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: 1 });
});

afterAll(async () => {
  // The sign-in throttle's keys of this worker's users (the shared prefix; usernames are per test).
  const keys = await redis.keys('huifang:signin:*:sess.*');
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

let n = 0;
async function setup() {
  const { db } = await testDb();
  const unit = await makeUnit(db);
  const admin = await makeUser(db, 'admin');
  const ctx = ctxAs(db, admin);
  const username = `sess.${process.pid}.${++n}`;
  const user = await createUser({
    ctx,
    input: createUserInput.parse({ username, displayName: '李四', password: PASSWORD, role: 'manager', unitId: unit.id }),
  });
  /** A browser signed in as the user. */
  const browser = async () => {
    const client = new AuthClient();
    expect((await client.signIn(username, PASSWORD)).ok).toBe(true);
    return client;
  };
  const opens = async (token: string | undefined) => (await actorForSessionToken(db, token, new Date()))?.id === user.id;
  return { db, ctx, unit, user, username, browser, opens };
}

describe('a session cookie', () => {
  it('opens the app after sign-in, and /api/auth/session answers for it', async () => {
    const { user, browser, opens } = await setup();
    const client = await browser();
    expect(await opens(client.sessionToken())).toBe(true);
    expect(await client.session()).toMatchObject({ user: { id: user.id, role: 'manager', username: user.username } });
  });

  it('after 退出, the old cookie opens nothing — in this browser or any other', async () => {
    const { browser, opens } = await setup();
    const office = await browser();
    const home = await browser();
    const copied = office.sessionToken();

    await office.signOut();
    expect(office.sessionToken()).toBeUndefined();
    expect(await opens(copied)).toBe(false);
    expect(await opens(home.sessionToken())).toBe(false);
    expect(await home.session()).toEqual({});

    // Replaying the copied cookie against /api/auth/session answers nothing either.
    const replay = new AuthClient();
    replay.jar['next-auth.session-token'] = copied!;
    expect(await replay.session()).toEqual({});

    // Signing in again works, and only the new cookie opens.
    const again = await browser();
    expect(await opens(again.sessionToken())).toBe(true);
    expect(await opens(copied)).toBe(false);
  });

  it('an old cookie signing out does not sign out the session that came after it', async () => {
    const { browser, opens } = await setup();
    const first = await browser();
    const stale = first.sessionToken()!;
    await first.signOut();
    const second = await browser();

    const replay = new AuthClient();
    replay.jar['next-auth.session-token'] = stale;
    await replay.signOut();
    expect(await opens(second.sessionToken())).toBe(true);
  });

  it('deactivation ends it, and reactivation does not bring it back', async () => {
    const { ctx, user, browser, opens } = await setup();
    const client = await browser();
    const old = client.sessionToken();

    await updateUser({ ctx, input: { id: user.id, active: false } });
    expect(await opens(old)).toBe(false);
    expect(await client.session()).toEqual({});

    await updateUser({ ctx, input: { id: user.id, active: true } });
    expect(await opens(old)).toBe(false);
    const replay = new AuthClient();
    replay.jar['next-auth.session-token'] = old!;
    expect(await replay.session()).toEqual({});
    expect(await opens((await browser()).sessionToken())).toBe(true);
  });

  it("an admin's password reset ends every session of the user", async () => {
    const { ctx, user, browser, opens } = await setup();
    const a = await browser();
    const b = await browser();
    await updateUser({ ctx, input: { id: user.id, password: 'a-brand-new-password' } });
    expect(await opens(a.sessionToken())).toBe(false);
    expect(await opens(b.sessionToken())).toBe(false);
  });

  it('changing one\'s own password ends the other sessions; the one re-issued under the new version opens', async () => {
    const { db, user, browser, opens } = await setup();
    const here = await browser();
    const elsewhere = await browser();
    const actor = (await actorForSessionToken(db, here.sessionToken(), new Date()))!;

    const { sessionVersion } = await changeOwnPassword({
      ctx: { db, actor, now: () => new Date() },
      input: { currentPassword: PASSWORD, newPassword: 'my-own-new-password' },
    });
    expect(await opens(elsewhere.sessionToken())).toBe(false);
    expect(await opens(here.sessionToken())).toBe(false);
    // What the action sets as this browser's cookie (reissueSessionCookie).
    const reissued = await encodeSessionToken({ ...newSessionClaims({ id: user.id, sessionVersion }, new Date()) });
    expect(await opens(reissued)).toBe(true);
  });

  it('a wrong current password changes nothing and ends nothing', async () => {
    const { db, browser, opens } = await setup();
    const here = await browser();
    const actor = (await actorForSessionToken(db, here.sessionToken(), new Date()))!;
    await expect(
      changeOwnPassword({ ctx: { db, actor, now: () => new Date() }, input: { currentPassword: 'not-it-at-all', newPassword: 'my-own-new-password' } }),
    ).rejects.toMatchObject({ issues: [{ field: 'currentPassword', code: 'users.currentPasswordWrong' }] });
    expect(await opens(here.sessionToken())).toBe(true);
  });

  it('a role change ends it; a new name or phone does not', async () => {
    const { ctx, user, browser, opens } = await setup();
    const client = await browser();
    await updateUser({ ctx, input: { id: user.id, displayName: '李四（新）', phone: '13800138000' } });
    expect(await opens(client.sessionToken())).toBe(true);
    await updateUser({ ctx, input: { id: user.id, role: 'supervisor' } });
    expect(await opens(client.sessionToken())).toBe(false);
    expect(await client.session()).toEqual({});
  });

  it(`lasts ${SESSION_LIFETIME_SECONDS / 3600} hours from sign-in, however often it is used`, async () => {
    const { db, user, browser } = await setup();
    const client = await browser();
    // /api/auth/session re-issues the cookie; the sign-in time it carries stays.
    await client.session();
    const token = client.sessionToken();
    const at = (hours: number) => new Date(Date.now() + hours * 3600_000);
    expect((await actorForSessionToken(db, token, at(11.9)))?.id).toBe(user.id);
    expect(await actorForSessionToken(db, token, at(12.01))).toBeNull();
  });

  it('a cookie from before session versions (no version, no sign-in time) opens nothing', async () => {
    const { user, opens } = await setup();
    const { encode } = await import('next-auth/jwt');
    const { sessionSecret } = await import('@/lib/auth/sessions');
    const legacy = await encode({ secret: sessionSecret(), token: { sub: user.id, uid: user.id, role: 'manager', username: user.username } });
    expect(await opens(legacy)).toBe(false);
  });
});

describe('a live stream (bell, verdicts, queue counts) opened before the session ended', () => {
  it('says signedOut and closes at its next heartbeat after 退出, and not before', async () => {
    const { db, user, browser } = await setup();
    const client = await browser();
    // The check /api/live/stream gives the stream (sessionEndedCheck): the cookie its EventSource sent.
    const token = client.sessionToken();
    const hub = new LiveHub();
    const abort = new AbortController();
    const reader = liveEventStream({ ctx: ctxAs(db, user), signal: abort.signal, hub, heartbeatMs: 50, sessionEnded: () => sessionHasEnded(db, token, user.id, new Date()) }).getReader();
    let text = '';
    const done = (async () => {
      for (;;) {
        const { value, done: end } = await reader.read();
        if (end) return;
        text += new TextDecoder().decode(value);
      }
    })();
    try {
      const until = Date.now() + 5000;
      while ((text.match(/: ping/g) ?? []).length < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(text).toContain('event: ready');
      expect(text).not.toContain('signedOut');

      await client.signOut();
      await Promise.race([done, new Promise((_, reject) => setTimeout(() => reject(new Error('the stream stayed open after 退出')), 5000))]);
      expect(text).toContain('event: signedOut');
    } finally {
      abort.abort();
      await hub.close();
    }
  });
});
