import { existsSync } from 'node:fs';
import net from 'node:net';

/** One line an operator can act on, for the services Huifang needs. */
export const serviceHelp = {
  postgres: (url: string) =>
    `PostgreSQL is not reachable at ${redact(url)}. Start it (Debian: apt-get install -y postgresql && pg_ctlcluster 15 main start) or set DATABASE_URL.`,
  redis: (urls: string | readonly string[]) =>
    typeof urls === 'string' || urls.length === 1
      ? `Redis is not reachable at ${redact(typeof urls === 'string' ? urls : urls[0]!)}. Start it (Debian: apt-get install -y redis-server && redis-server --daemonize yes) or set REDIS_URL.`
      : `No node of the Redis Cluster is reachable (${urls.map(redact).join(', ')}). Start it, or correct REDIS_CLUSTER_NODES.`,
  chromium: (path: string) =>
    `Chromium is missing at ${path} (needed by the end-to-end tests). Install it: apt-get install -y chromium, or set CHROMIUM_PATH.`,
};

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}

export function describeServiceError(error: unknown): string | undefined {
  const e = error as { code?: string; message?: string; address?: string; port?: number; cause?: unknown };
  // drizzle wraps the driver's error (DrizzleQueryError): a refused connection is its cause.
  if (e && !e.code && e.cause) return describeServiceError(e.cause);
  if (e && (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT')) {
    const target = e.port === 6379 ? 'Redis' : e.port === 5432 ? 'PostgreSQL' : `${e.address ?? ''}:${e.port ?? ''}`;
    return `Cannot connect to ${target} (${e.code}). Is it running? See README → Requirements.`;
  }
  return undefined;
}

function tcpReachable(url: string, defaultPort: number): Promise<boolean> {
  const u = new URL(url);
  const port = Number(u.port || defaultPort);
  const host = u.hostname || '127.0.0.1';
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(2000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Checks what a command needs; returns the lines naming what is missing (empty when all is there).
 * `redis`: REDIS_URL, or the seed nodes of a cluster (lib/platform/redis/connection.ts
 * redisAddresses), of which one reachable is enough: the client finds the others from it.
 */
export async function checkServices(
  needs: { postgres?: string; redis?: string | readonly string[]; chromium?: string },
): Promise<string[]> {
  const missing: string[] = [];
  if (needs.postgres && !(await tcpReachable(needs.postgres, 5432))) missing.push(serviceHelp.postgres(needs.postgres));
  if (needs.redis && needs.redis.length > 0) {
    const urls = typeof needs.redis === 'string' ? [needs.redis] : needs.redis;
    if (!(await Promise.all(urls.map((url) => tcpReachable(url, 6379)))).some(Boolean)) missing.push(serviceHelp.redis(needs.redis));
  }
  if (needs.chromium && !existsSync(needs.chromium)) missing.push(serviceHelp.chromium(needs.chromium));
  return missing;
}
