import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { calls } from '@/db/schema';
import { testDb } from '../support/worker-setup';
import { allowCallingAlways, heldCallback, startTelephony, waitFor, type Telephony } from './telephony-harness';

let db: Db;
let telephony: Telephony;

beforeAll(async () => {
  db = (await testDb()).db;
  telephony = await startTelephony(() => db);
});

afterAll(async () => {
  await telephony.emulator.settle({ hangUp: true });
  await telephony.close();
});

const root = path.resolve(__dirname, '..', '..');

function caller(args: string[]): { child: ChildProcess; lines: string[] } {
  const child = spawn(path.join(root, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'telephony-caller.ts'), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
  });
  return { child, lines };
}

describe('calls per second across processes', () => {
  it('three processes placing six calls at once reach the provider no faster than the policy allows', async () => {
    const perSecond = 2;
    await allowCallingAlways(db, perSecond);
    const world = await Promise.all(['70', '71', '72', '73', '74', '75'].map((end) => heldCallback(db, `+86138001380${end}`)));
    const pairs = world.map(({ agent, task }) => `${agent.id}:${task.id}`);
    const processes = [caller(pairs.slice(0, 2)), caller(pairs.slice(2, 4)), caller(pairs.slice(4, 6))];
    try {
      await waitFor(async () => processes.every((p) => p.lines.includes('ready')), 'the callers to start', 60_000);
      const start = telephony.emulator.createdAt.length;
      for (const p of processes) p.child.stdin!.write('go\n');
      await waitFor(async () => processes.every((p) => p.lines.length >= 3), 'every call to be placed', 30_000);

      const results = processes.flatMap((p) => p.lines.slice(1).map((line) => JSON.parse(line) as { ok: boolean; error?: string }));
      expect(results.filter((r) => !r.ok)).toEqual([]);
      expect(await db.select().from(calls)).toHaveLength(6);

      const times = telephony.emulator.createdAt.slice(start).sort((a, b) => a - b);
      expect(times).toHaveLength(6);
      const interval = 1000 / perSecond;
      // Without the shared limiter these six arrive within a few milliseconds of each other. With it
      // they are reserved exactly `interval` apart; what the provider sees may shift by the
      // processes' scheduling on a loaded test machine, hence the margins.
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(interval * 0.4);
      expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual(5 * interval - 300);
    } finally {
      for (const p of processes) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    }
  }, 120_000);
});
