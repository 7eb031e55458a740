import { eq } from 'drizzle-orm';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Redis } from 'ioredis';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Actor } from '@/lib/core/context';
import { RateLimitedError } from '@/lib/core/errors';
import { recordAudit } from '@/lib/audit/record';
import { verifyPassword } from './password';

/** Failed sign-ins allowed before a lock-out, per account and per client address. */
export const SIGN_IN_LIMITS = {
  perAccount: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  perIp: { points: 30, duration: 15 * 60, blockDuration: 15 * 60 },
} as const;

export interface SignInThrottle {
  perAccount: RateLimiterRedis;
  perIp: RateLimiterRedis;
}

export function createSignInThrottle(redis: Redis, prefix = 'huifang:signin'): SignInThrottle {
  return {
    perAccount: new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:acct`, ...SIGN_IN_LIMITS.perAccount }),
    perIp: new RateLimiterRedis({ storeClient: redis, keyPrefix: `${prefix}:ip`, ...SIGN_IN_LIMITS.perIp }),
  };
}

async function isBlocked(limiter: RateLimiterRedis, key: string): Promise<boolean> {
  const res = await limiter.get(key);
  return res !== null && res.remainingPoints <= 0;
}

async function consume(limiter: RateLimiterRedis, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
  }
}

/**
 * Checks a username and password. Returns the actor, or null for wrong credentials (the caller
 * never learns which part was wrong). Throws RateLimitedError while the account or address is
 * locked out after too many failures.
 */
export async function signInWithPassword(
  db: DbOrTx,
  throttle: SignInThrottle,
  input: { username: string; password: string; ip: string },
): Promise<Actor | null> {
  const username = input.username.trim().toLowerCase();
  if ((await isBlocked(throttle.perAccount, username)) || (await isBlocked(throttle.perIp, input.ip))) {
    throw new RateLimitedError('signInThrottled');
  }
  const [user] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  const ok = user !== undefined && user.active && (await verifyPassword(input.password, user.passwordHash));
  if (!ok || !user) {
    await Promise.all([consume(throttle.perAccount, username), consume(throttle.perIp, input.ip)]);
    if (user) await recordAudit(db, { actorId: null, action: 'auth.signInFailed', entityType: 'user', entityId: user.id, after: { ip: input.ip } });
    return null;
  }
  await throttle.perAccount.delete(username);
  await recordAudit(db, { actorId: user.id, action: 'auth.signedIn', entityType: 'user', entityId: user.id, after: { ip: input.ip } });
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId };
}

/** Loads the current state of a signed-in user: a deactivated or deleted user is signed out. */
export async function loadActor(db: DbOrTx, userId: string): Promise<Actor | null> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user || !user.active) return null;
  return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, unitId: user.unitId };
}
