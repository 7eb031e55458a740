import { sql } from 'drizzle-orm';
import type { Job } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { visitReports } from '@/db/schema';
import { env } from '@/lib/platform/config/env';
import { monthOf } from '@/lib/platform/time/zone';
import type { JobName, JobPayload } from '@/lib/platform/jobs/registry';
import { processors } from '@/workers/processors';
import { MONTH, makeAssessmentWorld } from '../support/assessment';
import { emptyQueuesForEachTest, pendingTimerIds } from '../support/callbacks';
import { samplingSnapshot } from '../support/sampling';
import { makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/*
 * A job runs again — a retry after a blip, a duplicate, the catch-up after the real-time job — and
 * must change nothing the second time: the same decisions, callbacks, verdicts, points and
 * figures. "Nothing" is checked over every table's contents, so a write nobody thought of shows up.
 * The processors are the real ones, each called as the worker calls it after parsing its payload.
 */
let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

const job = { id: 'test', updateProgress: async () => {} } as unknown as Job;
function run<N extends JobName>(name: N, payload: JobPayload<N>): Promise<unknown> {
  return (processors[name] as (p: JobPayload<N>, j: Job) => Promise<unknown>)(payload, job);
}

/** Every table's row count and a digest of its rows. */
async function contents(): Promise<Record<string, string>> {
  const tables = (await db.execute(sql`select tablename from pg_tables where schemaname = 'public' and tablename not like '__drizzle%' order by 1`)) as unknown as { tablename: string }[];
  const out: Record<string, string> = {};
  for (const { tablename } of tables) {
    const [row] = (await db.execute(sql.raw(`select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as h from "${tablename}" t`))) as unknown as { n: number; h: string }[];
    out[tablename] = `${row.n} rows ${row.h}`;
  }
  return out;
}

/** The tables whose contents differ between two snapshots. */
function changed(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys(after).filter((t) => before[t] !== after[t]);
}

/** Visits reported in the last hours (so none is too old to call), by one manager, of customers with phones. */
async function recentVisits(n: number) {
  const unit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const visitedAt = new Date(Date.now() - 2 * 3600_000);
  const rows = [];
  for (let i = 0; i < n; i++) {
    const customer = await makeCustomer(db, unit.id, { class: i % 2 ? 'A' : 'B' });
    await makeContact(db, customer.id);
    rows.push({ managerId: manager.id, customerId: customer.id, type: 'on_site' as const, visitedAt, reportedAt: new Date(visitedAt.getTime() + 600_000), purpose: `回访测试 ${i}`, createdBy: manager.id });
  }
  const visits = await db.insert(visitReports).values(rows).returning({ id: visitReports.id });
  return { month: monthOf(visitedAt, env().APP_TIMEZONE), visits };
}

describe('the sampling processors, run twice', () => {
  it('sampling.month: the second run decides nothing, creates no callback and schedules no timer', { timeout: 60_000 }, async () => {
    const { month, visits } = await recentVisits(8);
    const first = (await run('sampling.month', { month, runKey: 'first' })) as { decided: number; callbacksCreated: number };
    expect(first.decided).toBe(8);
    expect(first.callbacksCreated).toBeGreaterThan(0);
    const decided = await samplingSnapshot(db);
    const timers = await pendingTimerIds();
    expect(timers.length).toBe(first.callbacksCreated);
    const before = await contents();

    // A retry carries the same payload; the daily catch-up a new runKey: neither changes anything.
    const again = (await run('sampling.month', { month, runKey: 'first' })) as { decided: number; callbacksCreated: number };
    const later = (await run('sampling.month', { month, runKey: 'daily-2' })) as { decided: number; callbacksCreated: number };
    expect(again).toMatchObject({ decided: 0, callbacksCreated: 0 });
    expect(later).toMatchObject({ decided: 0, callbacksCreated: 0 });
    expect(changed(before, await contents())).toEqual([]);
    expect(await samplingSnapshot(db)).toEqual(decided);
    expect(await pendingTimerIds()).toEqual(timers);

    // The real-time job of a visit the catch-up decided: nothing either.
    expect(await run('sampling.visit', { visitId: visits[0].id, event: 'retry' })).toMatchObject({ decided: 0, callbacksCreated: 0 });
    expect(changed(before, await contents())).toEqual([]);
    expect(await pendingTimerIds()).toEqual(timers);
  });

  it("sampling.visit: deciding the manager's month in real time, run twice, samples and schedules once; the catch-up after it adds nothing", { timeout: 60_000 }, async () => {
    const { month, visits } = await recentVisits(3);
    const first = (await run('sampling.visit', { visitId: visits[0].id })) as { decided: number; callbacksCreated: number };
    expect(first.decided).toBe(3);
    const before = await contents();
    const timers = await pendingTimerIds();
    expect(timers.length).toBe(first.callbacksCreated);
    expect(await run('sampling.visit', { visitId: visits[0].id })).toMatchObject({ decided: 0, callbacksCreated: 0 });
    expect(await run('sampling.month', { month, runKey: 'daily' })).toMatchObject({ decided: 0, callbacksCreated: 0 });
    expect(changed(before, await contents())).toEqual([]);
    expect(await pendingTimerIds()).toEqual(timers);
  });
});

describe('the assessment processors, run twice', () => {
  it('verdicts.visit: the second evaluation of each visit writes no finding, verdict or points entry', { timeout: 60_000 }, async () => {
    const w = await makeAssessmentWorld(db);
    const visits = Object.values(w.visits);
    for (const v of visits) await run('verdicts.visit', { visitId: v.id, event: 'visit.reported' });
    const before = await contents();
    expect(Number((await db.execute(sql`select count(*)::int as n from visit_verdicts`))[0]!.n)).toBeGreaterThan(0);

    for (const v of visits) {
      const again = (await run('verdicts.visit', { visitId: v.id, event: 'visit.reported' })) as { findings: number; verdicts: number; ledgerEntries: number }[];
      for (const r of again) expect(r).toMatchObject({ findings: 0, verdicts: 0, ledgerEntries: 0 });
    }
    expect(changed(before, await contents())).toEqual([]);
  });

  it('verdicts.month: the catch-up after the real-time evaluations, and again, writes nothing', { timeout: 60_000 }, async () => {
    const w = await makeAssessmentWorld(db);
    for (const v of Object.values(w.visits)) await run('verdicts.visit', { visitId: v.id, event: 'visit.reported' });
    const first = (await run('verdicts.month', { month: MONTH, runKey: 'daily-1' })) as { written: Record<string, number> };
    const before = await contents();
    const second = (await run('verdicts.month', { month: MONTH, runKey: 'daily-1' })) as { managers: number; written: Record<string, number> };
    expect(second.managers).toBe(2);
    for (const n of Object.values(second.written)) expect(n).toBe(0);
    expect(Object.keys(second.written)).toEqual(Object.keys(first.written));
    expect(changed(before, await contents())).toEqual([]);
  });

  it('month.close: closing again gives the same figures and grades and no changes; only the new version is added', { timeout: 60_000 }, async () => {
    await makeAssessmentWorld(db);
    const first = (await run('month.close', { month: MONTH, runKey: 'scheduled' })) as { version: number; managers: number; changes: number };
    expect(first).toMatchObject({ version: 1, managers: 2 });
    const before = await contents();
    const figures = async (version: number) =>
      (await db.execute(sql`
        select ma.manager_id, ma.figures, ma.score, ma.grade from month_assessments ma
          join month_closes mc on mc.id = ma.close_id where mc.month = ${MONTH} and mc.version = ${version} order by ma.manager_id`)) as unknown as unknown[];

    const second = (await run('month.close', { month: MONTH, runKey: 'scheduled' })) as { version: number; managers: number; changes: number };
    expect(second).toEqual({ month: MONTH, version: 2, managers: 2, changes: 0 });
    expect(await figures(2)).toEqual(await figures(1));
    // The close is a new frozen version (by design); nothing it judges, counts or credits moved.
    const moved = changed(before, await contents());
    expect(moved.filter((t) => !['month_closes', 'month_assessments', 'month_status', 'audit_log'].includes(t))).toEqual([]);
  });
});

describe('the integrity processor, run twice', () => {
  it('integrity.audit: the same findings each time; it only stores one more run and changes no data', { timeout: 60_000 }, async () => {
    const w = await makeAssessmentWorld(db);
    await run('month.close', { month: MONTH, runKey: 'scheduled' });
    const first = (await run('integrity.audit', { runKey: 'nightly-1', requestedBy: w.staff.id })) as { runId: string; clean: boolean; problemCount: number; counts: Record<string, number> };
    const before = await contents();
    const second = (await run('integrity.audit', { runKey: 'nightly-1', requestedBy: w.staff.id })) as typeof first;
    expect(second.runId).not.toBe(first.runId);
    expect({ clean: second.clean, problemCount: second.problemCount, counts: second.counts }).toEqual({ clean: first.clean, problemCount: first.problemCount, counts: first.counts });
    expect(changed(before, await contents())).toEqual(['integrity_runs']);
    expect(Number((await db.execute(sql`select count(*)::int as n from integrity_runs`))[0]!.n)).toBe(2);
  });
});
