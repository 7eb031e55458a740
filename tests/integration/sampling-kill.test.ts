import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { env } from '@/lib/platform/config/env';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { jobId } from '@/lib/platform/jobs/registry';
import { policyDefinitions } from '@/lib/policy/definitions';
import { savePolicyVersion } from '@/lib/policy/policies';
import { monthOf, monthRange, shiftMonth } from '@/lib/platform/time/zone';
import { ctxAs, makeUser } from '../support/factories';
import { forgetSampling, samplingSnapshot } from '../support/sampling';
import { testDb } from '../support/worker-setup';

const root = path.resolve(__dirname, '..', '..');
const MANAGERS = 30;
const VISITS = 360;

afterAll(async () => {
  // Leave no jobs of this run's Redis prefix behind.
  await Promise.all((['callback-timers', 'sampling', 'assessment'] as const).map((q) => queue(q).obliterate({ force: true })));
  await closeQueues();
});

/**
 * `npm run cli -- sample …` as its own process, against this worker's database and Redis prefix.
 * Node with tsx as a loader, not the tsx command: that one runs the script in a grandchild, which
 * a SIGKILL to the child would leave running.
 */
function sampleCli(month: string, extra: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'sample', '--month', month, '--quiet', ...extra], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function finished(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }> {
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, output })));
}

describe('a sampling batch killed with SIGKILL', () => {
  it('loses nothing and duplicates nothing when run again: the same sampled set as an uninterrupted run', { timeout: 180_000 }, async () => {
    const { db } = await testDb();
    // Last month, decided now: over, so the per-manager minimum applies too.
    const month = shiftMonth(monthOf(new Date(), env().APP_TIMEZONE), -1);
    const { start } = monthRange(month, env().APP_TIMEZONE);
    const staff = await makeUser(db, 'staff');
    // Keep every visit of last month eligible however late in this month the test runs.
    await savePolicyVersion({ ctx: ctxAs(db, staff), input: { key: 'sampling', effectiveFrom: '2000-01-01', value: { ...policyDefinitions.sampling.defaults, excludeOlderThanDays: 120 } } });
    await db.execute(sql`
      with u as (insert into units (code, name, region) values ('K1', '中断测试单位', '测试') returning id),
      m as (
        insert into users (username, display_name, password_hash, role, unit_id)
        select 'kill-m' || g, '经理' || g, '!', 'manager', (select id from u) from generate_series(1, ${MANAGERS}) g returning id, username
      ),
      c as (
        insert into customers (group_code, name, class, unit_id)
        select 'KG' || g, '客户' || g, (array['A','B','C','D'])[1 + g % 4]::customer_class, (select id from u) from generate_series(1, ${MANAGERS * 4}) g returning id, group_code
      ),
      k as (insert into contacts (customer_id, name, phone) select id, '联系人', '+8613800000000' from c where group_code not like '%7' returning id),
      mm as (select id, row_number() over (order by username) as n from m),
      cc as (select id, row_number() over (order by group_code) as n from c)
      insert into visit_reports (manager_id, customer_id, type, visited_at, reported_at, purpose, late, created_by)
      select mm.id, cc.id, 'on_site', ${start.toISOString()}::timestamptz + make_interval(hours => 10 + g % 500),
             ${start.toISOString()}::timestamptz + make_interval(hours => 12 + g % 500 + (case when g % 9 = 0 then 30 else 0 end)), '中断测试', g % 9 = 0, mm.id
        from generate_series(0, ${VISITS - 1}) g
        join mm on mm.n = 1 + g % ${MANAGERS}
        join cc on cc.n = 1 + ((g % ${MANAGERS}) * 4 + g / ${MANAGERS}) % ${MANAGERS * 4}
    `);
    const decidedCount = async () => ((await db.execute(sql`select count(*)::int as n from sampling_decisions`)) as unknown as { n: number }[])[0].n;

    // One manager per transaction, slowed down, killed once a few chunks have committed.
    const child = sampleCli(month, ['--chunk-managers', '1', '--concurrency', '1', '--pause-ms', '200']);
    const exited = finished(child);
    let seen = 0;
    for (let i = 0; i < 600 && seen < VISITS / 6; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = await decidedCount();
    }
    child.kill('SIGKILL');
    const killed = await exited;
    expect(killed.signal).toBe('SIGKILL');
    const partial = await decidedCount();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(VISITS);
    // Nothing half-written: every decided manager-month is complete (a chunk is one transaction).
    const halfDone = (await db.execute(sql`
      select count(*)::int as n from (
        select v.manager_id from visit_reports v left join sampling_decisions d on d.visit_id = v.id
         group by v.manager_id having count(d.visit_id) > 0 and count(d.visit_id) < count(*)) s`)) as unknown as { n: number }[];
    expect(halfDone[0].n).toBe(0);

    const restart = await finished(sampleCli(month, []));
    expect(restart.code, restart.output).toBe(0);
    expect(await decidedCount()).toBe(VISITS);
    const afterRestart = await samplingSnapshot(db);

    // Every callback has its due timer, whether created before or after the kill.
    const tasks = (await db.execute(sql`select id, next_attempt_at as "at" from callback_tasks where result is null`)) as unknown as { id: string; at: string }[];
    expect(tasks.length).toBe(afterRestart.decisions.filter((d) => d.sampled).length);
    const timers = queue('callback-timers');
    for (const t of tasks) expect(await timers.getJob(jobId('callback.due', { taskId: t.id, dueAt: new Date(t.at).getTime() }))).toBeTruthy();

    // The same data decided in one uninterrupted run.
    await forgetSampling(db);
    const whole = await finished(sampleCli(month, []));
    expect(whole.code, whole.output).toBe(0);
    expect(whole.output).toMatch(new RegExp(`decided ${VISITS}, sampled \\d+, excluded \\d+, topped up \\d+, callbacks created \\d+`));
    const uninterrupted = await samplingSnapshot(db);
    expect(afterRestart).toEqual(uninterrupted);
  });
});
