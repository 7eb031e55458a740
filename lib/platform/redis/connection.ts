import IORedis, { Cluster, type Redis, type RedisOptions } from 'ioredis';
import { env, type Env } from '@/lib/platform/config/env';
import { parseClusterNodes } from '@/lib/platform/config/redis-cluster';
import { logger } from '@/lib/platform/log';

/**
 * A connection to the deployment's Redis: a single server (REDIS_URL), or a Redis Cluster when
 * REDIS_CLUSTER_NODES is set. Every connection of the app — commands, BullMQ queues and workers,
 * the live subscribers — is opened here, so the two cases cannot drift apart.
 */
export type RedisClient = Redis | Cluster;

export type RedisSettings = Pick<Env, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'>;

/** What every node connection takes from REDIS_URL when on a cluster: user, password and TLS. */
function nodeOptionsFrom(url: string): RedisOptions {
  const u = new URL(url);
  return {
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/** How often one connection may log that Redis is unreachable while it keeps reconnecting. */
const ERROR_LOG_INTERVAL_MS = 10_000;

/**
 * ioredis reconnects by itself; without a listener each failed attempt prints "Unhandled error
 * event" with a stack, many times a second while Redis restarts. One line per connection every
 * ten seconds says the same, and a connection that recovers says so once.
 */
function logErrors(client: RedisClient): RedisClient {
  let lastLogged = 0;
  let failing = false;
  client.on('error', (err: Error) => {
    failing = true;
    const now = Date.now();
    if (now - lastLogged < ERROR_LOG_INTERVAL_MS) return;
    lastLogged = now;
    logger.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'Redis unreachable; reconnecting');
  });
  client.on('ready', () => {
    if (!failing) return;
    failing = false;
    lastLogged = 0;
    logger.info('Redis reachable again');
  });
  return client;
}

function open(settings: RedisSettings, options: RedisOptions): RedisClient {
  if (!settings.REDIS_CLUSTER_NODES) return logErrors(new IORedis(settings.REDIS_URL, options));
  const { enableOfflineQueue, ...perNode } = options;
  return logErrors(
    new Cluster(parseClusterNodes(settings.REDIS_CLUSTER_NODES), {
      // BullMQ reads maxRetriesPerRequest from here: null, so a blocking worker call is never cut off.
      redisOptions: { ...nodeOptionsFrom(settings.REDIS_URL), ...perNode },
      ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    }),
  );
}

const globalForRedis = globalThis as unknown as { __huifangRedis?: RedisClient };

// sharedRedis and newRedisConnection are typed as the single-server client because the benches
// (bench/*) hand what they return to helpers that take one. On a cluster they return a Cluster,
// which answers the same keyed commands; what acts on one server only (SCAN, KEYS, INFO) must go
// through `scanKeys` / `isCluster`. Code that may meet either takes a RedisClient.

/**
 * The process-wide Redis connection for commands (rate limits, locks, publishing). BullMQ queues
 * and workers, and the live subscribers, open their own through `newRedisConnection`.
 */
export function sharedRedis(): Redis {
  globalForRedis.__huifangRedis ??= open(env(), { maxRetriesPerRequest: null, enableOfflineQueue: true, lazyConnect: false });
  return globalForRedis.__huifangRedis as Redis;
}

/** A connection of its own (BullMQ queues and workers, subscribers): to REDIS_URL, or to the cluster. */
export function newRedisConnection(settings: RedisSettings = env()): Redis {
  return open(settings, { maxRetriesPerRequest: null }) as Redis;
}

export function isCluster(redis: RedisClient): redis is Cluster {
  return redis instanceof Cluster;
}

/**
 * Every key matching `pattern`. SCAN walks one server's keys, so on a cluster every master is
 * scanned (a key lives on exactly one of them).
 */
export async function scanKeys(redis: RedisClient, pattern: string, count = 500): Promise<string[]> {
  // The masters are known once the client has read the slots: a first command waits for that.
  if (isCluster(redis) && redis.status !== 'ready') await redis.ping();
  const servers: Redis[] = isCluster(redis) ? redis.nodes('master') : [redis];
  const keys: string[] = [];
  for (const server of servers) {
    let cursor = '0';
    do {
      const [next, batch] = await server.scan(cursor, 'MATCH', pattern, 'COUNT', count);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
  }
  return keys;
}

/** The addresses start-up checks reach before starting (scripts/support/services.ts): the seed nodes, or REDIS_URL. */
export function redisAddresses(settings: RedisSettings = env()): string[] {
  if (!settings.REDIS_CLUSTER_NODES) return [settings.REDIS_URL];
  const scheme = new URL(settings.REDIS_URL).protocol;
  return parseClusterNodes(settings.REDIS_CLUSTER_NODES).map(({ host, port }) => `${scheme}//${host.includes(':') ? `[${host}]` : host}:${port}`);
}
