import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { callRateKey, createCallRateLimiter } from '@/lib/calling/call-rate';
import { env } from '@/lib/platform/config/env';
import { sharedRedis } from '@/lib/platform/redis/connection';

const key = () => callRateKey(env().QUEUE_PREFIX);
afterAll(async () => {
  await sharedRedis().del(key());
});

function child(rate: number, n: number) {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve('tests/support/call-rate-child.ts'), key(), String(rate), String(n)], {
    cwd: path.resolve('.'),
    env: process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.startsWith('ready\n')) resolve();
    });
    proc.once('exit', (code) => reject(new Error(`child exited early (${code}): ${err}`)));
  });
  const done = new Promise<{ slotAt: number; wokeAt: number }[]>((resolve, reject) => {
    proc.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out.split('\n')[1])) : reject(new Error(`child failed (${code}): ${err}`))));
  });
  return { ready, go: () => proc.stdin.write('go\n'), done };
}

/** The most events inside any window of `windowMs` (sliding, closed-open). */
function maxInWindow(times: number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i] - sorted[j] >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('calls per second across processes', () => {
  it('never lets three processes together exceed the rate', async () => {
    await sharedRedis().del(key());
    const rate = 10;
    const procs = [child(rate, 10), child(rate, 10), child(rate, 10)];
    await Promise.all(procs.map((p) => p.ready));
    const started = Date.now();
    procs.forEach((p) => p.go());
    const calls = (await Promise.all(procs.map((p) => p.done))).flat();
    expect(calls).toHaveLength(30);
    const slots = calls.map((c) => c.slotAt).sort((a, b) => a - b);
    // Every slot is distinct and at least 1/rate after the previous one: at most `rate` in any second.
    for (let i = 1; i < slots.length; i++) expect(slots[i] - slots[i - 1]).toBeGreaterThanOrEqual(1000 / rate);
    expect(maxInWindow(slots, 1000)).toBeLessThanOrEqual(rate);
    // Callers really waited for their slots (30 calls at 10/s take about 3 s), and none woke early.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900 - 200);
    for (const c of calls) expect(c.wokeAt).toBeGreaterThanOrEqual(c.slotAt - 5);
  }, 30_000);

  it('refuses to queue a caller beyond the longest wait instead of piling up', async () => {
    await sharedRedis().del(key());
    const limiter = createCallRateLimiter(sharedRedis(), key());
    await limiter.acquire(1);
    await expect(limiter.acquire(1, { maxWaitMs: 100 })).rejects.toMatchObject({ code: 'calling.rateSaturated' });
  });
});
