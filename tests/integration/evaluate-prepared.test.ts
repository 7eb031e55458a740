import { and, desc, eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { users, visitFindings, visitVerdicts } from '@/db/schema';
import { evaluateManagerMonth, evaluateManagerMonthIn, loadChunk, loadRunReferences, planChunk, prepareRun, type EvaluationRun } from '@/lib/assessment/evaluate';
import { savePolicyVersion } from '@/lib/policy/policies';
import { preparedRows } from '@/lib/platform/core/sql';
import { CLOSE_AT, makeAssessmentWorld, MONTH } from '../support/assessment';
import { ctxAs } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * The real-time re-evaluation of one manager's month (evaluateManagerMonthIn) reads with prepared
 * statements, its policies and insiders' phones in one of them (loadRunReferences): the same
 * facts as the unprepared loads of a close, policies and insiders read afresh each time (a change
 * by staff counts from the next evaluation), and each statement planned for its values.
 */
let db: Db;
let world: Awaited<ReturnType<typeof makeAssessmentWorld>>;

beforeEach(async () => {
  db = (await testDb()).db;
  world = await makeAssessmentWorld(db);
});

const source: EvaluationRun['source'] = { cause: 'evaluation', causeId: null, decidedBy: null, ledgerSource: 'recompute', ledgerSourceId: null };

async function latestVerdict(visitId: string) {
  const [v] = await db.select().from(visitVerdicts).where(eq(visitVerdicts.visitId, visitId)).orderBy(desc(visitVerdicts.version)).limit(1);
  return v;
}

async function findingCodes(visitId: string) {
  return (await db.select({ code: visitFindings.code }).from(visitFindings).where(eq(visitFindings.visitId, visitId))).map((f) => f.code).sort();
}

describe('the re-evaluation of one manager-month, prepared', () => {
  it('reads the same policies, insiders and month facts as the unprepared loads, and decides the same', async () => {
    const staff = ctxAs(db, world.staff);
    // Versions of their own, one of them from mid-month, so the timelines are not just the defaults.
    await savePolicyVersion({ ctx: staff, input: { key: 'scoring', effectiveFrom: '2026-11-15', value: { validThreshold: 50 } } });
    await savePolicyVersion({ ctx: staff, input: { key: 'reporting', effectiveFrom: '2026-10-01', value: { reportDeadlineHours: 36, minContactsAB: 2, lateBackfill: 'refuse' } } });
    await db.transaction(async (tx) => {
      const run = await prepareRun(tx, MONTH, { now: CLOSE_AT, source });
      const references = await loadRunReferences(tx);
      expect(references.insiders).toEqual(run.insiders);
      expect(references.insiders.has(world.staff.phone!)).toBe(true);
      expect(references.policies).toEqual(run.policies);
      expect(references.policies.scoring.at('2026-11-20')).toEqual({ version: 1, value: { validThreshold: 50 } });
      for (const manager of [world.m1, world.m2]) {
        const plain = await loadChunk(tx, run, [manager.id]);
        const prepared = await loadChunk(tx, { ...run, prepared: true }, [manager.id]);
        // The same rows, whatever order a plan hands them in.
        const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
        expect({ ...prepared, visits: byId(prepared.visits) }).toEqual({ ...plain, visits: byId(plain.visits) });
        expect(prepared.visits.length).toBeGreaterThan(0);
        const visitsInPlainOrder = [...prepared.visits].sort((a, b) => plain.visits.findIndex((v) => v.id === a.id) - plain.visits.findIndex((v) => v.id === b.id));
        expect(planChunk({ ...run, ...references }, { ...prepared, visits: visitsInPlainOrder })).toEqual(planChunk(run, plain));
      }
    });
  });

  it('a policy version saved by staff counts from the next evaluation', async () => {
    const { v2b } = world.visits;
    await evaluateManagerMonth(db, { managerId: world.m1.id, month: MONTH }, { now: CLOSE_AT });
    // Scored 45 against the default threshold of 60.
    expect(await latestVerdict(v2b.id)).toMatchObject({ status: 'invalid' });

    await savePolicyVersion({ ctx: ctxAs(db, world.staff), input: { key: 'scoring', effectiveFrom: '2026-11-01', value: { validThreshold: 40 } } });
    const after = await evaluateManagerMonth(db, { managerId: world.m1.id, month: MONTH }, { now: CLOSE_AT });
    expect(await latestVerdict(v2b.id)).toMatchObject({ status: 'valid' });
    expect(after.assessment.figures).toMatchObject({ invalid: 0 });

    await savePolicyVersion({ ctx: ctxAs(db, world.staff), input: { key: 'scoring', effectiveFrom: '2026-11-10', value: { validThreshold: 50 } } });
    await evaluateManagerMonth(db, { managerId: world.m1.id, month: MONTH }, { now: CLOSE_AT });
    expect(await latestVerdict(v2b.id)).toMatchObject({ status: 'invalid' });
  });

  it("an insider's phone counts from the next evaluation: given, then taken away", async () => {
    const { v1 } = world.visits;
    const contactPhone = (await preparedRows<{ phone: string }>(db, sql`select phone from contacts where id = ${world.customers.cA.contacts[0].id}::uuid`))[0].phone;
    await evaluateManagerMonth(db, { managerId: world.m1.id, month: MONTH }, { now: CLOSE_AT });
    expect(await findingCodes(v1.id)).not.toContain('collusion');

    // The other manager now has the phone of the contact manager 1 visited at cA.
    await db.update(users).set({ phone: contactPhone }).where(eq(users.id, world.m2.id));
    await evaluateManagerMonth(db, { managerId: world.m1.id, month: MONTH }, { now: CLOSE_AT });
    expect(await findingCodes(v1.id)).toContain('collusion');

    await db.update(users).set({ phone: null }).where(and(eq(users.id, world.m2.id)));
    await evaluateManagerMonth(db, { managerId: world.m1.id, month: MONTH }, { now: CLOSE_AT });
    expect(await findingCodes(v1.id)).not.toContain('collusion');
  });

  it('plans each prepared statement for its values, however often it runs on a connection', async () => {
    await db.transaction(async (tx) => {
      // More than the five custom plans after which PostgreSQL may settle on a generic plan.
      for (let i = 0; i < 8; i++) await evaluateManagerMonthIn(tx, { managerId: i % 2 ? world.m1.id : world.m2.id, month: MONTH }, { now: CLOSE_AT });
      const statements = await preparedRows<{ statement: string; generic_plans: number; custom_plans: number }>(
        tx,
        sql`select statement, generic_plans::int, custom_plans::int from pg_prepared_statements where statement like '%visit_reports%' and statement not like '%pg_prepared_statements%'`,
      );
      const withManagers = statements.filter((s) => s.statement.includes('manager_id = any('));
      expect(withManagers.length).toBeGreaterThanOrEqual(5);
      for (const s of withManagers) expect({ statement: s.statement.slice(0, 80), generic: s.generic_plans }).toEqual({ statement: s.statement.slice(0, 80), generic: 0 });
      expect(Math.max(...withManagers.map((s) => s.custom_plans))).toBeGreaterThanOrEqual(8);
    });
  });
});
