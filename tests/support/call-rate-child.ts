/**
 * One process of the call-rate test: says "ready", waits for "go", then asks for N call slots at
 * once through the shared Redis limiter and prints one JSON line of { slotAt, wokeAt } per call.
 */
import { createInterface } from 'node:readline';
import IORedis from 'ioredis';
import { createCallRateLimiter } from '@/lib/calling/call-rate';

async function main() {
  const [key, rate, n] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4])];
  const redis = new IORedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const limiter = createCallRateLimiter(redis, key);
  await redis.ping();
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  const calls = await Promise.all(
    Array.from({ length: n }, async () => {
      const slot = await limiter.acquire(rate);
      return { slotAt: slot.slotAt, wokeAt: Date.now() };
    }),
  );
  process.stdout.write(`${JSON.stringify(calls)}\n`);
  lines.close();
  redis.disconnect();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
