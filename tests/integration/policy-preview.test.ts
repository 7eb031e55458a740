import { sql } from 'drizzle-orm';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { closeMonth } from '@/lib/assessment/close';
import { previewPolicyEffect } from '@/lib/assessment/preview';
import { ConflictError, ForbiddenError, NotFoundError } from '@/lib/platform/core/errors';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { policyDefinitions } from '@/lib/policy/definitions';
import { cancelScheduledPolicyVersion, policyInForce, savePolicyVersion } from '@/lib/policy/policies';
import { CLOSE_AT, makeAssessmentWorld, MONTH } from '../support/assessment';
import { ctxAs, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeAll(async () => {
  process.env.UPLOAD_DIR = path.join(await mkdtemp(path.join(tmpdir(), 'huifang-preview-')), 'uploads');
});
beforeEach(async () => {
  db = (await testDb()).db;
  await Promise.all(['assessment', 'sampling'].map((q) => queue(q as 'sampling').obliterate({ force: true })));
});
afterAll(async () => {
  await closeQueues();
});

/** Every table a preview could conceivably write, row counts and the newest ids/timestamps. */
async function footprint() {
  const [row] = (await db.execute(sql`
    select (select count(*) from policy_versions)::int as policies,
           (select count(*) from visit_verdicts)::int as verdicts,
           (select count(*) from visit_findings)::int as findings,
           (select coalesce(max(first_found_at), 'epoch') from visit_findings)::text as findings_at,
           (select count(*) from points_ledger)::int as ledger,
           (select count(*) from month_closes)::int as closes,
           (select count(*) from month_assessments)::int as assessments,
           (select count(*) from month_status where changed_since_close)::int as changed,
           (select count(*) from audit_log)::int as audit,
           (select count(*) from notifications)::int as notifications`)) as unknown as Record<string, unknown>[];
  return row;
}

const defaults = policyDefinitions.assessment.defaults;

describe('the effect preview of a policy change', () => {
  it('says there is no closed month when none is', async () => {
    const staff = await makeUser(db, 'staff');
    const result = await previewPolicyEffect({ ctx: ctxAs(db, staff, CLOSE_AT), input: { key: 'assessment', value: defaults } });
    expect(result).toEqual({ month: null });
  });

  it('recomputes the last closed month under the form’s values, beside the close, and writes nothing', async () => {
    // The hand-counted month of assessment.test.ts: 甲经理 18 points (A 10 + B 8 − B 8 + C 5 + D 3), 82.7 良好;
    // 乙经理 0 points (coverage failed), 33.3 严重不达标.
    const w = await makeAssessmentWorld(db);
    const ctx = ctxAs(db, w.staff, CLOSE_AT);
    await closeMonth({ ctx, input: { month: MONTH } });
    const before = await footprint();

    // The rules in force: the same figures as the close, nothing changes.
    const same = await previewPolicyEffect({ ctx, input: { key: 'assessment', value: defaults } });
    if (same.month === null) throw new Error('expected a closed month');
    expect(same.month).toBe(MONTH);
    expect(same.changes).toEqual([]);
    expect(same.totals.preview).toEqual(same.totals.closed);
    expect(same.totals.closed).toMatchObject({ managers: 2, points: 18, valid: 2, invalid: 4 });

    // Class A worth 12 instead of 10: 甲经理's A customer (valid visit) earns 2 more; 乙经理's A
    // customer lost all its points to an invalid visit, and their month is zeroed anyway → +2 in all.
    const richer = await previewPolicyEffect({ ctx, input: { key: 'assessment', value: { ...defaults, basePoints: { ...defaults.basePoints, A: 12 } } } });
    if (richer.month === null) throw new Error('expected a closed month');
    expect(richer.totals.preview.points - richer.totals.closed.points).toBe(2);
    expect(richer.units).toHaveLength(1);
    expect(richer.unitNames[w.unit.id]).toBe(w.unit.name);
    expect(richer.changes).toEqual([{ managerId: w.m1.id, unitId: w.unit.id, closed: { points: 18, score: 82.7, grade: 'good' }, preview: { points: 20, score: 82.7, grade: 'good' } }]);
    expect(richer.managerNames[w.m1.id]).toBe('甲经理');

    // Higher grade bands move 甲经理 from 良好 to 一般, the points stay.
    const stricter = await previewPolicyEffect({ ctx, input: { key: 'assessment', value: { ...defaults, gradeBands: { excellent: 95, good: 90, fair: 80, poor: 60 } } } });
    if (stricter.month === null) throw new Error('expected a closed month');
    expect(stricter.changes).toEqual([{ managerId: w.m1.id, unitId: w.unit.id, closed: { points: 18, score: 82.7, grade: 'good' }, preview: { points: 18, score: 82.7, grade: 'fair' } }]);
    expect(stricter.totals.preview.grades).toMatchObject({ good: 0, fair: 1, seriously_below: 1 });

    // A threshold of 61: v4's callback scored exactly 60 → invalid. It was cD's only on-site visit,
    // so 甲经理's coverage now fails too (6 required, 5 done) and the month's points are 0.
    const scoring = await previewPolicyEffect({ ctx, input: { key: 'scoring', value: { validThreshold: 61 } } });
    if (scoring.month === null) throw new Error('expected a closed month');
    expect(scoring.totals.preview).toMatchObject({ points: 0, valid: 1, invalid: 5, coverageFailed: 2 });
    expect(scoring.changes.map((c) => [c.managerId, c.closed?.points, c.preview?.points])).toEqual([[w.m1.id, 18, 0]]);

    // Check-ins may be 1 km away: v1 (about 700 m) is no longer flagged.
    const checks = await previewPolicyEffect({ ctx, input: { key: 'checks', value: { maxCheckInMeters: 1000, normalHoursStart: '07:00', normalHoursEnd: '22:00' } } });
    if (checks.month === null) throw new Error('expected a closed month');
    expect(checks.flags.find((f) => f.code === 'check_in_distance')).toEqual({ code: 'check_in_distance', current: 1, preview: 0 });

    expect(await footprint()).toEqual(before);
  });

  it('refuses values out of range in the catalogue’s words, and anyone but staff and admin', async () => {
    const w = await makeAssessmentWorld(db);
    const ctx = ctxAs(db, w.staff, CLOSE_AT);
    await expect(previewPolicyEffect({ ctx, input: { key: 'scoring', value: { validThreshold: 101 } } })).rejects.toMatchObject({
      issues: [{ field: 'validThreshold', code: 'policy.outOfRange' }],
    });
    await expect(previewPolicyEffect({ ctx: ctxAs(db, w.m1, CLOSE_AT), input: { key: 'scoring', value: { validThreshold: 60 } } })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('cancelling a scheduled policy version', () => {
  const now = new Date('2026-12-03T02:00:00Z'); // 3 December in Beijing
  const value = { reportDeadlineHours: 48, minContactsAB: 3, lateBackfill: 'refuse' as const };

  it('removes a version before it takes effect, audited, and never gives its number again', async () => {
    const staff = await makeUser(db, 'staff');
    const ctx = ctxAs(db, staff, now);
    const saved = await savePolicyVersion({ ctx, input: { key: 'reporting', effectiveFrom: '2026-12-10', value } });
    const cancelled = await cancelScheduledPolicyVersion({ ctx, input: { key: 'reporting', version: saved.version } });
    expect(cancelled).toEqual({ key: 'reporting', version: saved.version, effectiveFrom: '2026-12-10' });
    expect((await policyInForce(db, 'reporting', '2026-12-11')).version).toBe(0);
    const [audit] = (await db.execute(sql`select actor_id, entity_id, before->>'effectiveFrom' as day from audit_log where action = 'policy.cancelled'`)) as unknown as {
      actor_id: string;
      entity_id: string;
      day: string;
    }[];
    expect(audit).toEqual({ actor_id: staff.id, entity_id: `reporting@${saved.version}`, day: '2026-12-10' });
    const again = await savePolicyVersion({ ctx, input: { key: 'reporting', effectiveFrom: '2026-12-10', value } });
    expect(again.version).toBe(saved.version + 1);
  });

  it('refuses a version already in force, a missing one, and anyone but staff and admin, changing nothing', async () => {
    const staff = await makeUser(db, 'staff');
    const supervisor = await makeUser(db, 'supervisor');
    const ctx = ctxAs(db, staff, now);
    const today = await savePolicyVersion({ ctx, input: { key: 'reporting', effectiveFrom: '2026-12-03', value } });
    const later = await savePolicyVersion({ ctx, input: { key: 'reporting', effectiveFrom: '2026-12-20', value: { ...value, reportDeadlineHours: 36 } } });
    await expect(cancelScheduledPolicyVersion({ ctx, input: { key: 'reporting', version: today.version } })).rejects.toSatisfy(
      (e) => e instanceof ConflictError && e.code === 'policy.cancelInForce' && e.params.from === '2026-12-03',
    );
    await expect(cancelScheduledPolicyVersion({ ctx, input: { key: 'reporting', version: 99 } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(cancelScheduledPolicyVersion({ ctx: ctxAs(db, supervisor, now), input: { key: 'reporting', version: later.version } })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await policyInForce(db, 'reporting', '2026-12-03')).version).toBe(today.version);
    expect((await policyInForce(db, 'reporting', '2026-12-20')).version).toBe(later.version);
  });
});
