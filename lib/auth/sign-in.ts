import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import type { Actor, Ctx } from '@/lib/platform/core/context';
import { NotFoundError, RateLimitedError } from '@/lib/platform/core/errors';
import { addNotifications } from '@/lib/notifications/store';
import { scanKeys, sharedRedis, type RedisClient } from '@/lib/platform/redis/connection';
import { assertRole } from './guards';
import { hashPassword, verifyPassword } from './password';
import { signInDelaySeconds } from './sign-in-delay';
import { actorOf } from './actor';

export const SIGN_IN_LIMITS = {
  /** Failures from one address across all accounts (guessing usernames) before it waits. */
  perIp: { points: 30, duration: 15 * 60, blockDuration: 15 * 60 },
  /** A pair's failures are forgotten after this long without a new one. */
  pairMemorySeconds: 24 * 60 * 60,
  /** The account's owner is told once this many failures reached the account within notifyWindowSeconds. */
  notifyOwnerAfter: 5,
  notifyWindowSeconds: 60 * 60,
} as const;

export interface SignInThrottle {
  redis: RedisClient;
  prefix: string;
  perIp: RateLimiterRedis;
}

export function createSignInThrottle(redis: RedisClient, prefix = 'huifang:signin'): SignInThrottle {
  return { redis, prefix, perIp: new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:ip`, ...SIGN_IN_LIMITS.perIp }) };
}

let defaultThrottle: SignInThrottle | undefined;
/** The web process's throttle, on the shared Redis connection. */
export function signInThrottle(): SignInThrottle {
  defaultThrottle ??= createSignInThrottle(sharedRedis());
  return defaultThrottle;
}

// Usernames of accounts are [a-z0-9._-]; a typed unknown name may hold anything, so it is encoded
// (braces included). The username is the keys' hash tag: on a Redis Cluster an account's keys
// share one slot, as the failure's MULTI and the unlock's DEL of them all require.
const userTag = (username: string) => `{u:${encodeURIComponent(username)}}`;
const pairKey = (t: SignInThrottle, username: string, ip: string) => `${t.prefix}:${userTag(username)}:pair:${encodeURIComponent(ip)}`;
const pairPattern = (t: SignInThrottle, username: string) => `${t.prefix}:${userTag(username)}:pair:*`;
const accountKey = (t: SignInThrottle, username: string) => `${t.prefix}:${userTag(username)}:acct`;

/** Seconds until this pair may try again; 0 when it may now. */
async function pairWaitSeconds(t: SignInThrottle, key: string, now: Date): Promise<number> {
  const until = Number(await t.redis.hget(key, 'until'));
  return until > now.getTime() ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

/** Counts a failure of the pair and sets its next allowed try; returns the account's failures in the window. */
async function recordFailure(t: SignInThrottle, username: string, ip: string, now: Date): Promise<number> {
  const key = pairKey(t, username, ip);
  const failures = await t.redis.hincrby(key, 'n', 1);
  const delay = signInDelaySeconds(failures);
  const [, , [, accountFailures]] = (await t.redis
    .multi()
    .hset(key, 'until', String(now.getTime() + delay * 1000))
    .expire(key, SIGN_IN_LIMITS.pairMemorySeconds)
    .incr(accountKey(t, username))
    .expire(accountKey(t, username), SIGN_IN_LIMITS.notifyWindowSeconds, 'NX')
    .exec()) as [unknown, unknown, [unknown, number], unknown];
  try {
    await t.perIp.consume(ip);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
  }
  return accountFailures;
}

async function ipBlockedSeconds(t: SignInThrottle, ip: string): Promise<number> {
  const res = await t.perIp.get(ip);
  return res !== null && res.remainingPoints <= 0 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
}

// Unknown users are checked against this hash, so they take as long as a wrong password does
// (the answer's timing must not tell which usernames exist or are deactivated).
let dummyHash: Promise<string> | undefined;
function hashOfNobody(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(24).toString('base64'));
  return dummyHash;
}

export interface SignedIn extends Actor {
  sessionVersion: number;
}

/**
 * Checks a username and password. Returns the actor (with the session version its session is
 * issued under), or null for wrong credentials — unknown user, deactivated user and wrong password
 * alike, in the same time. Throws RateLimitedError (params.seconds: the wait) while this address
 * must wait before trying this account again, or has failed too often across accounts.
 */
export async function signInWithPassword(
  db: DbOrTx,
  throttle: SignInThrottle,
  input: { username: string; password: string; ip: string },
  now = new Date(),
): Promise<SignedIn | null> {
  const username = input.username.trim().toLowerCase();
  const key = pairKey(throttle, username, input.ip);
  // One try at a time per pair: parallel guesses would all pass the wait check before any failure counts.
  const busy = `${key}:busy`;
  if ((await throttle.redis.set(busy, '1', 'PX', 30_000, 'NX')) !== 'OK') throw new RateLimitedError('signInThrottled', { seconds: 1 });
  try {
    const wait = Math.max(await pairWaitSeconds(throttle, key, now), await ipBlockedSeconds(throttle, input.ip));
    if (wait > 0) throw new RateLimitedError('signInThrottled', { seconds: wait });

    const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
    const matches = await verifyPassword(input.password, user?.passwordHash ?? (await hashOfNobody()));
    if (!user || !user.active || !matches) {
      const accountFailures = await recordFailure(throttle, username, input.ip, now);
      if (user) {
        await db.transaction(async (tx) => {
          await recordAudit(tx, { actorId: null, action: 'auth.signInFailed', entityType: 'user', entityId: user.id, after: { ip: input.ip } });
          if (user.active && accountFailures === SIGN_IN_LIMITS.notifyOwnerAfter) {
            await addNotifications(tx, [{ userId: user.id, kind: 'sign_in_failures', params: { count: accountFailures }, link: null }], now);
          }
        });
      }
      return null;
    }
    await throttle.redis.del(key);
    await recordAudit(db, { actorId: user.id, action: 'auth.signedIn', entityType: 'user', entityId: user.id, after: { ip: input.ip } });
    return { ...actorOf(user), sessionVersion: user.sessionVersion };
  } finally {
    await throttle.redis.del(busy);
  }
}

async function pairKeysOf(throttle: SignInThrottle, username: string): Promise<string[]> {
  return (await scanKeys(throttle.redis, pairPattern(throttle, username))).filter((k) => !k.endsWith(':busy'));
}

/** What the admin sees of a user's failed sign-ins: the addresses waiting now, and the longest wait. */
export async function signInRestriction({ ctx, input, throttle = signInThrottle() }: { ctx: Ctx; input: { id: string }; throttle?: SignInThrottle }) {
  assertRole(ctx.actor, 'admin');
  const [user] = await ctx.db.select({ username: users.username }).from(users).where(eq(users.id, input.id));
  if (!user) throw new NotFoundError();
  const keys = await pairKeysOf(throttle, user.username);
  const waits = await Promise.all(keys.map((k) => pairWaitSeconds(throttle, k, ctx.now())));
  const waiting = waits.filter((w) => w > 0);
  return { waitingAddresses: waiting.length, longestWaitSeconds: Math.max(0, ...waiting) };
}

/**
 * 解除登录限制: forgets every failed sign-in to the account, from every address, so its owner may
 * sign in at once (after they were locked out by someone else's guesses, say). Audited.
 */
export async function unlockSignIn({ ctx, input, throttle = signInThrottle() }: { ctx: Ctx; input: { id: string }; throttle?: SignInThrottle }) {
  assertRole(ctx.actor, 'admin');
  const [user] = await ctx.db.select({ id: users.id, username: users.username }).from(users).where(eq(users.id, input.id));
  if (!user) throw new NotFoundError();
  const keys = await pairKeysOf(throttle, user.username);
  const waiting = (await Promise.all(keys.map((k) => pairWaitSeconds(throttle, k, ctx.now())))).filter((w) => w > 0).length;
  if (keys.length > 0) await throttle.redis.del(...keys);
  await throttle.redis.del(accountKey(throttle, user.username));
  await recordAudit(ctx.db, {
    actorId: ctx.actor.id,
    action: 'user.signInUnlocked',
    entityType: 'user',
    entityId: user.id,
    before: { addressesWithFailures: keys.length, waitingAddresses: waiting },
  });
  return { cleared: keys.length };
}
