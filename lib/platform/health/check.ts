import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import type { RedisClient } from '@/lib/platform/redis/connection';

export interface HealthReport {
  status: 'ok' | 'degraded';
  postgres: { ok: boolean; latencyMs?: number; error?: string };
  redis: { ok: boolean; latencyMs?: number; error?: string };
  time: string;
}

async function probe(run: () => Promise<unknown>, timeoutMs: number) {
  const started = performance.now();
  try {
    await Promise.race([run(), new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs))]);
    return { ok: true, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** Health of the services the product needs; any failure makes the whole report "degraded". */
export async function checkHealth(db: DbOrTx, redis: RedisClient, timeoutMs = 2000): Promise<HealthReport> {
  const [postgres, redisResult] = await Promise.all([probe(() => db.execute(sql`select 1`), timeoutMs), probe(() => redis.ping(), timeoutMs)]);
  return { status: postgres.ok && redisResult.ok ? 'ok' : 'degraded', postgres, redis: redisResult, time: new Date().toISOString() };
}
