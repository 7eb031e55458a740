import { spawn } from 'node:child_process';
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/*
 * `npm run cli -- …` as an operator runs it: its own process against this worker's database
 * (DATABASE_URL and QUEUE_PREFIX come from worker-setup through the environment). What the
 * operator sees is the exit code and one readable message — the translated domain error, the
 * field that is wrong, the service that is down — never a stack trace.
 */
let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', ...args], {
    cwd: process.cwd(),
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

const noStack = (run: Run) => expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);

describe('the CLI wrapper', () => {
  it('create-user: done is exit 0 with one line; each refusal is exit 1 with its message, and nothing is written', { timeout: 90_000 }, async () => {
    const unit = await makeUnit(db, { code: 'DX01' });
    await makeUser(db, 'staff', { username: 'taken.name' });
    const base = ['create-user', '--name', '王五', '--role', 'manager', '--unit', 'DX01', '--password', 'long-enough-pw'];
    const [created, taken, badFields, ghost] = await Promise.all([
      cli([...base, '--username', 'wang.wu']),
      // The verb's ConflictError: translated, with its parameter.
      cli([...base, '--username', 'taken.name']),
      // The input schema: every wrong option named.
      cli(['create-user', '--username', 'X', '--name', '王五', '--role', 'manager', '--unit', 'DX01', '--password', 'short']),
      cli([...base, '--username', 'zhao.liu', '--as', 'ghost']),
    ]);

    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/^Created manager "wang\.wu" \([0-9a-f-]{36}\)\.\n$/);
    const [row] = await db.select().from(users).where(eq(users.username, 'wang.wu'));
    expect(row).toMatchObject({ role: 'manager', unitId: unit.id, displayName: '王五' });

    expect(taken.code).toBe(1);
    expect(taken.stderr.trim()).toBe('用户名 taken.name 已被使用。');

    expect(badFields.code).toBe(1);
    expect(badFields.stderr).toContain('--username: 用户名须为 2–32 位小写字母、数字或 . _ -，以字母或数字开头。');
    expect(badFields.stderr).toContain('--password: 密码至少 8 位。');

    expect(ghost).toMatchObject({ code: 1 });
    expect(ghost.stderr.trim()).toBe('No active user "ghost" (--as).');

    for (const run of [taken, badFields, ghost]) noStack(run);
    // Only wang.wu, the fixture and the system user exist.
    expect((await db.select({ u: users.username }).from(users)).map((r) => r.u).sort()).toEqual(['system', 'taken.name', 'wang.wu'].sort());
  });

  it('a domain error inside a command (closing a month not yet over) is exit 1 with the Chinese message', { timeout: 60_000 }, async () => {
    const future = await cli(['close-month', '2999-01']);
    expect(future.code).toBe(1);
    expect(future.stderr.trim()).toBe('2999-01 尚未结束，不能结账。');
    noStack(future);
  });

  it('an unknown command or option is exit 1 with the help; bad configuration is exit 2; PostgreSQL down is exit 3 — one line each, no stack', { timeout: 60_000 }, async () => {
    const [unknown, badConfig, down] = await Promise.all([
      cli(['close-the-month', '2026-11']),
      cli(['close-month', '2026-11'], { DATABASE_URL: 'not a url' }),
      cli(['close-month', '2026-11'], { DATABASE_URL: 'postgres://huifang@127.0.0.1:1/huifang' }),
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command 'close-the-month'/);
    expect(unknown.stderr).toMatch(/Usage: huifang/);

    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toMatch(/^Invalid configuration:\n.*DATABASE_URL/);
    noStack(badConfig);

    expect(down.code).toBe(3);
    expect(down.stderr.trim()).toMatch(/^Cannot connect to .*ECONNREFUSED.*Is it running\?/);
    noStack(down);
  });
});
