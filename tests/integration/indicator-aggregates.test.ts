import { sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { callbackAttempts, callbackTasks } from '@/db/schema';
import { getStaffDashboard } from '@/lib/indicators/dashboard';
import { computeIndicatorDay, forgetIndicatorMonth, indicatorDaysToCompute, rebuildIndicatorMonth } from '@/lib/indicators/daily-stats';
import { getCallbackIndicators, getManagerIndicators } from '@/lib/indicators/indicators';
import { makeNovember, local, READ_AT } from '../support/callback-november';
import { ctxAs } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * The pre-aggregates (lib/indicators/daily-*.ts) change no figure: November of
 * tests/support/callback-november.ts read from the raw rows, then with every closed day computed,
 * then with some days computed and the others raw, then after a change and its day computed again.
 */
const SH = 'Asia/Shanghai';
const MONTH = '2026-11';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

async function figures(db: Db, w: Awaited<ReturnType<typeof makeNovember>>, at: Date) {
  const staff = ctxAs(db, w.staff, at);
  return {
    callbacks: await getCallbackIndicators({ ctx: staff, input: { month: MONTH } }),
    unitCallbacks: await getCallbackIndicators({ ctx: staff, input: { month: MONTH, unitId: w.u1.id } }),
    agent: await getCallbackIndicators({ ctx: ctxAs(db, w.a2, at), input: { month: MONTH } }),
    managers: await getManagerIndicators({ ctx: staff, input: { month: MONTH } }),
    unitManagers: await getManagerIndicators({ ctx: ctxAs(db, w.s1, at), input: { month: MONTH } }),
    dashboard: await getStaffDashboard({ ctx: staff, input: { month: MONTH } }),
  };
}

const computedDays = async (db: Db) => (await db.execute<{ day: string }>(sql`select day::text as day from indicator_days order by day`)).map((r) => r.day);

describe('the indicators’ pre-aggregates', () => {
  it('read every closed day of November from the aggregates: the same figures as the raw rows', async () => {
    const w = await makeNovember(db);
    const raw = await figures(db, w, READ_AT);

    const { days } = await rebuildIndicatorMonth(db, MONTH, READ_AT, SH);
    expect(days).toBe(30);
    const [{ n }] = await db.execute<{ n: number }>(sql`select count(*)::int as n from callback_facts`);
    expect(n).toBeGreaterThan(0);
    expect(await figures(db, w, READ_AT)).toEqual(raw);

    // Idempotent: computing a day again changes nothing, the month's sums included.
    const before = await db.execute(sql`select * from monthly_visit_stats order by 1, 2, 3, 4, 5, 6, 7`);
    await computeIndicatorDay(db, '2026-11-02', SH);
    await computeIndicatorDay(db, '2026-11-02', SH);
    expect(await db.execute(sql`select * from monthly_visit_stats order by 1, 2, 3, 4, 5, 6, 7`)).toEqual(before);
    expect(await figures(db, w, READ_AT)).toEqual(raw);
  });

  it('mix computed days and raw ones (today, a day not computed yet) without counting a day twice', async () => {
    const w = await makeNovember(db);
    // Read on 4 November 16:00: 1–3 November closed, the 4th today.
    const at = local('2026-11-04 16:00');
    const raw = await figures(db, w, at);
    await rebuildIndicatorMonth(db, MONTH, at, SH);
    expect(await computedDays(db)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(await figures(db, w, at)).toEqual(raw);

    // Read on 1 December with only some days computed.
    const whole = await figures(db, w, READ_AT);
    await forgetIndicatorMonth(db, MONTH, SH);
    for (const day of ['2026-11-02', '2026-11-09', '2026-11-10']) await computeIndicatorDay(db, day, SH);
    expect(await figures(db, w, READ_AT)).toEqual(whole);
  });

  it('a computed day changed later is stale until computed again; the catch-up finds it', async () => {
    const w = await makeNovember(db);
    await rebuildIndicatorMonth(db, MONTH, READ_AT, SH);
    const now = local('2026-12-01 10:05');
    await indicatorDaysToCompute(db, now, SH); // sets the watermark

    // T5 (sampled 2 November, never attempted) is finally taken and completed on 1 December.
    const [t5] = await db
      .select()
      .from(callbackTasks)
      .where(sql`${callbackTasks.state} = 'waiting'`);
    const at = local('2026-12-01 10:06');
    await db.insert(callbackAttempts).values({ taskId: t5.id, attemptNo: 1, agentId: w.a1.id, outcome: 'refused', startedAt: at, endedAt: at });
    await db.update(callbackTasks).set({ state: 'closed', outcome: 'refused', attempts: 1, closedAt: at, updatedAt: at }).where(sql`${callbackTasks.id} = ${t5.id}`);

    const later = local('2026-12-01 10:10');
    const days = await indicatorDaysToCompute(db, later, SH);
    expect(days).toContain('2026-11-02');
    for (const day of days) await computeIndicatorDay(db, day, SH);
    const aggregated = await figures(db, w, later);
    await forgetIndicatorMonth(db, MONTH, SH);
    await db.execute(sql`delete from indicator_days`);
    expect(aggregated).toEqual(await figures(db, w, later));
    expect(aggregated.callbacks.department.callbackRate.rate).toMatchObject({ numerator: 7, denominator: 7 });
  });
});
