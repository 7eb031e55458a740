import { env } from '@/lib/platform/config/env';
import { RateLimitedError } from '@/lib/platform/core/errors';
import { sharedRedis, type RedisClient } from '@/lib/platform/redis/connection';

/**
 * The calls-per-second limit (the 'calling' policy; Twilio allows 1 call per second per account
 * by default), shared by every web and worker process through one Redis key.
 *
 * Each caller reserves the next free slot with a Lua script (atomic in Redis, and timed by Redis'
 * own clock so processes on different machines agree): slots are spaced exactly 1/rate apart, so
 * no second ever holds more than `rate` calls — a token bucket would allow a burst at a window
 * boundary. The caller then sleeps until its slot: a busy line waits rather than fails, up to
 * `maxWaitMs`, beyond which no slot is reserved and RateLimitedError says the line is saturated.
 */
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local maxWait = tonumber(ARGV[2])
local nextFree = tonumber(redis.call('GET', KEYS[1]) or '0')
local slot = math.max(now, nextFree)
if slot - now > maxWait then
  return {-1, slot - now, now}
end
redis.call('SET', KEYS[1], tostring(slot + interval), 'PX', math.max(1000, slot + interval - now + 1000))
return {slot, slot - now, now}
`;

export interface CallSlot {
  /** The reserved instant (ms since the epoch, Redis clock). */
  slotAt: number;
  /** How long this caller waited for it. */
  waitedMs: number;
}

export interface CallRateLimiter {
  /** Waits for the next slot at `callsPerSecond` (the policy in force), then resolves. */
  acquire(callsPerSecond: number, options?: { maxWaitMs?: number; signal?: AbortSignal }): Promise<CallSlot>;
}

type RedisWithReserve = RedisClient & { huifangReserveCallSlot(key: string, intervalMs: number, maxWaitMs: number): Promise<[number, number, number]> };

export function createCallRateLimiter(redis: RedisClient, key: string): CallRateLimiter {
  const client = redis as RedisWithReserve;
  if (typeof client.huifangReserveCallSlot !== 'function') {
    // defineCommand sends the script by SHA (EVALSHA) and reloads it after a Redis restart.
    redis.defineCommand('huifangReserveCallSlot', { numberOfKeys: 1, lua: RESERVE });
  }
  return {
    async acquire(callsPerSecond, options = {}) {
      if (!(callsPerSecond > 0)) throw new RangeError('callsPerSecond must be positive');
      const interval = Math.ceil(1000 / callsPerSecond);
      const maxWait = options.maxWaitMs ?? 60_000;
      const [slot, wait] = await client.huifangReserveCallSlot(key, interval, maxWait);
      if (slot < 0) throw new RateLimitedError('calling.rateSaturated', { seconds: Math.ceil(wait / 1000) });
      if (wait > 0) await sleep(wait, options.signal);
      return { slotAt: slot, waitedMs: wait };
    },
  };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}

/** The one key all processes of a deployment share (the queue prefix keeps test runs apart). */
export function callRateKey(queuePrefix: string): string {
  return `${queuePrefix}:calls:rate`;
}

let shared: CallRateLimiter | undefined;

/** The process-wide limiter on the shared Redis connection (for the code that places calls). */
export function sharedCallRateLimiter(): CallRateLimiter {
  shared ??= createCallRateLimiter(sharedRedis(), callRateKey(env().QUEUE_PREFIX));
  return shared;
}
