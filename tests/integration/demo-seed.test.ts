import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { loadChunk, prepareRun, type ChunkData } from '@/lib/assessment/evaluate';
import { getMonthReport } from '@/lib/assessment/report';
import { stageMonth } from '@/lib/assessment/stage';
import type { Actor } from '@/lib/platform/core/context';
import { seedDemo } from '@/lib/demo/seed';
import { listDisputes } from '@/lib/disputes/queries';
import { auditIntegrity } from '@/lib/integrity/audit';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { monthWindow } from '@/lib/platform/time/month-window';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { unitMonthView } from '@/lib/unit/queries';
import { testDb } from '../support/worker-setup';

/**
 * What a newcomer finds in the demo, seeded as on 20 November: October worked through the desk
 * against the Twilio emulator and closed on 2 November — every unit with valid and invalid
 * verdicts, callbacks nobody answered, points in the ledger, disputes — and November in
 * progress with callbacks waiting for the agents. A second seed adds nothing.
 */
const TZ = 'Asia/Shanghai';
const SEEDED_AT = parseLocalDateTime('2026-11-20 10:00', TZ)!;

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  await Promise.all(['assessment', 'sampling', 'callback-timers'].map((q) => queue(q as 'sampling').obliterate({ force: true })));
});
afterAll(async () => {
  await closeQueues();
});

async function actor(username: string): Promise<Actor> {
  const [u] = (await db.execute(sql`select id, username, display_name as "displayName", role, unit_id as "unitId" from users where username = ${username}`)) as unknown as Actor[];
  return u;
}

/** Rows of every table the seed writes, to tell that a second run adds nothing. */
async function tableCounts(): Promise<Record<string, number>> {
  const tables = ['users', 'customers', 'contacts', 'claims', 'visit_reports', 'visit_plans', 'sampling_decisions', 'callback_tasks', 'callback_attempts', 'callback_results', 'calls', 'visit_verdicts', 'points_ledger', 'month_closes', 'disputes', 'policy_versions', 'spot_checks', 'spot_check_items', 'penalty_ledger', 'manager_flags'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number(((await db.execute(sql`select count(*)::int as n from ${sql.identifier(t)}`)) as unknown as { n: number }[])[0].n);
  return out;
}

/** A value with Maps, Sets and Dates as plain sorted data, so two loaders' results compare as facts. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return { date: value.toISOString() };
  if (value instanceof Map) return [...value.entries()].map(([k, v]) => [canonical(k), canonical(v)]).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value instanceof Set) return [...value].map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (Array.isArray(value)) return value.map(canonical).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, canonical(v)]));
  return value;
}

/**
 * The month as the close reads it (its staged copy, stage.ts) and as a single visit's evaluation
 * reads it (the per-visit loaders), for every manager — in one transaction, rolled back.
 */
async function bothLoaders(month: string): Promise<{ staged: ChunkData; direct: ChunkData }> {
  const managerIds = ((await db.execute(sql`select id from users where role = 'manager' order by id`)) as unknown as { id: string }[]).map((r) => r.id);
  const options = { now: SEEDED_AT, timeZone: TZ, source: { cause: 'evaluation' as const, causeId: 'compare', decidedBy: null, ledgerSource: 'recompute' as const, ledgerSourceId: 'compare' } };
  let out: { staged: ChunkData; direct: ChunkData } | undefined;
  await db
    .transaction(async (tx) => {
      const direct = await loadChunk(tx, await prepareRun(tx, month, { ...options, staged: false }), managerIds);
      await stageMonth(tx, monthWindow(month, TZ));
      const staged = await loadChunk(tx, await prepareRun(tx, month, { ...options, staged: true }), managerIds);
      out = { staged, direct };
      tx.rollback();
    })
    .catch((error: unknown) => {
      if (!out) throw error;
    });
  return out!;
}

describe('the demo, as a newcomer finds it', () => {
  it('has last month worked at the desk and closed, and this month waiting for the agents', { timeout: 900_000 }, async () => {
    await seedDemo(db, { log: () => {}, now: SEEDED_AT });
    const staff = await actor('staff1');
    const ctx = { db, actor: staff, now: () => SEEDED_AT };

    // October is closed, once, by staff on 2 November; the report has every manager.
    const report = await getMonthReport({ ctx, input: { month: '2026-10', pageSize: 50 } });
    expect(report.status.closedVersion).toBe(1);
    expect(report.rows).toHaveLength(12);
    const [close] = (await db.execute(sql`select closed_at as "closedAt", u.username from month_closes c join users u on u.id = c.closed_by where c.month = '2026-10'`)) as unknown as {
      closedAt: string;
      username: string;
    }[];
    expect({ ...close, closedAt: new Date(close.closedAt) }).toEqual({ closedAt: parseLocalDateTime('2026-11-02 17:00', TZ), username: 'staff1' });

    // Every unit's October: valid and invalid verdicts, points, nothing left pending.
    const units = (await db.execute(sql`select id, code from units order by code`)) as unknown as { id: string; code: string }[];
    expect(units.map((u) => u.code)).toEqual(['U01', 'U02', 'U03']);
    for (const unit of units) {
      const view = await unitMonthView({ ctx, input: { month: '2026-10', unitId: unit.id } });
      expect({ unit: unit.code, valid: view.totals.valid > 0, invalid: view.totals.invalid > 0, points: view.totals.points > 0 }).toEqual({ unit: unit.code, valid: true, invalid: true, points: true });
      expect(view.totals.pending).toBe(0);
      expect(view.managers.every((m) => m.closed)).toBe(true);
    }

    // The callbacks were made: each of October's ended attempts rests on a call the emulator
    // placed (none typed in by hand); most reached a person and were scored, a few nobody answered.
    const [callbacks] = (await db.execute(sql`
      select count(*)::int as tasks,
             count(*) filter (where t.state = 'closed')::int as closed,
             count(*) filter (where t.state = 'unreachable')::int as unreachable,
             count(*) filter (where t.state in ('waiting', 'ready', 'held'))::int as open,
             count(*) filter (where t.result = 'valid')::int as valid,
             count(*) filter (where t.result = 'invalid')::int as invalid,
             (select count(*) from callback_attempts a join callback_tasks x on x.id = a.task_id
               where x.visited_at < ${parseLocalDateTime('2026-11-01 00:00', TZ)!.toISOString()}::timestamptz and (a.call_id is null or a.manual))::int as "withoutCall",
             (select count(*) from calls c join callback_tasks x on x.id = c.task_id where x.kind = 'verification')::int as calls
        from callback_tasks t where t.kind = 'verification' and t.visited_at < ${parseLocalDateTime('2026-11-01 00:00', TZ)!.toISOString()}::timestamptz`)) as unknown as Record<string, number>[];
    expect(callbacks.open).toBe(0);
    expect(callbacks.unreachable).toBeGreaterThan(0);
    expect(callbacks.valid).toBeGreaterThan(callbacks.invalid);
    expect(callbacks.invalid).toBeGreaterThan(0);
    expect(callbacks.withoutCall).toBe(0);
    expect(callbacks.calls).toBeGreaterThanOrEqual(callbacks.tasks);

    // October's 电话抽查: drawn each working morning and asked at the desk first; the absent
    // manager (mgr07) reached the removal flag, a doubtful one (mgr01) has findings; every
    // callback ended (answered, unreachable, or expired past its deadline), none open.
    const spot = (await db.execute(sql`
      select u.username, count(distinct i.id)::int as checked,
             count(distinct i.id) filter (where i.finding = 'not_visited')::int as findings,
             count(distinct i.id) filter (where i.finding is null)::int as open,
             coalesce((select sum(p.amount_yuan) from penalty_ledger p where p.manager_id = u.id and p.month = '2026-10'), 0)::int as yuan,
             exists (select 1 from manager_flags f where f.manager_id = u.id and f.cleared_at is null) as flagged
        from spot_checks s join spot_check_items i on i.spot_check_id = s.id join users u on u.id = s.manager_id
       where s.month = '2026-10' group by u.id, u.username order by u.username`)) as unknown as { username: string; checked: number; findings: number; open: number; yuan: number; flagged: boolean }[];
    const spotOf = (username: string) => spot.find((r) => r.username === username)!;
    expect(spot.length).toBe(12);
    expect(spot.every((r) => r.open === 0)).toBe(true);
    expect(spotOf('mgr07').findings).toBeGreaterThanOrEqual(5);
    expect(spotOf('mgr07')).toMatchObject({ flagged: true });
    expect(spotOf('mgr01').findings).toBeGreaterThan(0);
    expect(spotOf('mgr01').yuan).toBeGreaterThan(0);
    expect(spot.filter((r) => r.flagged).map((r) => r.username)).toEqual(['mgr07']);
    expect(spotOf('mgr02')).toMatchObject({ findings: 0, yuan: 0, flagged: false });

    // Points: the close's monthly points in the ledger.
    const [ledger] = (await db.execute(sql`
      select count(*)::int as entries, coalesce(sum(points), 0)::int as total from points_ledger where month = '2026-10'`)) as unknown as { entries: number; total: number }[];
    expect(ledger.entries).toBeGreaterThan(0);
    expect(ledger.total).toBeGreaterThan(0);

    // Disputes on October's invalid verdicts: one decided (upheld), one waiting for the department.
    const disputes = await listDisputes({ ctx, input: { state: 'all', month: '2026-10' } });
    expect(disputes.rows.map((d) => d.state).sort()).toEqual(['open', 'upheld']);

    // November is in progress: callbacks waiting for the agents, none worked yet.
    const [november] = (await db.execute(sql`
      select count(*) filter (where t.state in ('waiting', 'ready'))::int as waiting,
             count(*) filter (where t.attempts > 0)::int as worked
        from callback_tasks t where t.visited_at >= ${parseLocalDateTime('2026-11-01 00:00', TZ)!.toISOString()}::timestamptz`)) as unknown as { waiting: number; worked: number }[];
    expect(november.waiting).toBeGreaterThan(0);
    expect(november.worked).toBe(0);
    // Yesterday's and today's 电话抽查 wait for the agents too, ahead of the verifications.
    const [spotNow] = (await db.execute(sql`
      select count(*) filter (where s.day = '2026-11-19')::int as yesterday, count(*) filter (where s.day = '2026-11-20')::int as today
        from callback_tasks t join spot_check_items i on i.id = t.spot_check_item_id join spot_checks s on s.id = i.spot_check_id
       where t.state in ('waiting', 'ready')`)) as unknown as { yesterday: number; today: number }[];
    expect(spotNow.yesterday).toBeGreaterThan(0);
    expect(spotNow.today).toBeGreaterThan(0);
    expect((await getMonthReport({ ctx, input: { month: '2026-11' } })).status.closedVersion).toBeNull();

    // The close's staged loader and the per-visit loaders read the same facts of October, fact by
    // fact (a renamed column or a date read as text shows up here, not in a type check).
    const { staged, direct } = await bothLoaders('2026-10');
    expect(direct.visits.length).toBeGreaterThan(100);
    for (const key of Object.keys(direct) as (keyof ChunkData)[]) expect(canonical(staged[key]), key).toEqual(canonical(direct[key]));

    // The evidence chain holds, and a second seed adds nothing.
    expect((await auditIntegrity({ ctx, input: { trigger: 'test' } })).problems).toEqual([]);
    const before = await tableCounts();
    await seedDemo(db, { log: () => {}, now: SEEDED_AT });
    expect(await tableCounts()).toEqual(before);
  });
});
