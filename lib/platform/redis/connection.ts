import IORedis, { type Redis } from 'ioredis';
import { env } from '@/lib/platform/config/env';

const globalForRedis = globalThis as unknown as { __huifangRedis?: Redis };

/**
 * The process-wide Redis connection for commands (rate limits, locks). BullMQ workers make their
 * own blocking connections from the same URL.
 */
export function sharedRedis(): Redis {
  globalForRedis.__huifangRedis ??= new IORedis(env().REDIS_URL, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  return globalForRedis.__huifangRedis;
}

export function newRedisConnection(url = env().REDIS_URL): Redis {
  return new IORedis(url, { maxRetriesPerRequest: null });
}
