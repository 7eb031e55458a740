import IORedis from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { env } from '@/lib/platform/config/env';
import { checkHealth } from '@/lib/platform/health/check';
import { testDb } from '../support/worker-setup';

const redis = new IORedis(env().REDIS_URL, { maxRetriesPerRequest: 1 });
// Nothing listens on port 1: the probe must report Redis down, not hang.
const deadRedis = new IORedis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
deadRedis.on('error', () => {});

afterAll(() => {
  redis.disconnect();
  deadRedis.disconnect();
});

describe('health', () => {
  it('is ok when PostgreSQL and Redis both answer', async () => {
    const { db } = await testDb();
    const report = await checkHealth(db, redis);
    expect(report.status).toBe('ok');
    expect(report.postgres.ok).toBe(true);
    expect(report.redis.ok).toBe(true);
  });

  it('is degraded, naming Redis, when Redis is unreachable', async () => {
    const { db } = await testDb();
    const report = await checkHealth(db, deadRedis, 1000);
    expect(report.status).toBe('degraded');
    expect(report.postgres.ok).toBe(true);
    expect(report.redis.ok).toBe(false);
    expect(report.redis.error).toBeTruthy();
  });
});
