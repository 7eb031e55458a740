import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { policyVersions } from '@/db/schema';
import { ForbiddenError, ValidationError } from '@/lib/platform/core/errors';
import { policyInForce } from '@/lib/policy/policies';
import { getReportingSettings, saveReportingPolicy } from '@/lib/visits/reporting-settings';
import { createVisitReport } from '@/lib/visits/visits';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

/** 10 November 2026, 10:00 in Asia/Shanghai. */
const NOW = new Date('2026-11-10T02:00:00Z');
const valid = { effectiveFrom: '2026-11-11', reportDeadlineHours: 48, minContactsAB: 2, lateBackfill: 'approval' as const, note: '允许超期补报，需审核' };

async function fieldsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return Object.fromEntries((error as ValidationError).issues.map((i) => [i.field, i.code]));
}

describe('reporting rules (填报规则)', () => {
  it('saves a version effective from a day; the shipped defaults (refuse) apply before it', async () => {
    const staff = ctxAs(db, await makeUser(db, 'staff'), NOW);
    const before = await getReportingSettings({ ctx: staff });
    expect(before.inForce).toMatchObject({ version: 0, value: { reportDeadlineHours: 24, minContactsAB: 3, lateBackfill: 'refuse' } });
    expect(before.tomorrow).toBe('2026-11-11');

    expect(await saveReportingPolicy({ ctx: staff, input: valid })).toMatchObject({ version: 1, effectiveFrom: '2026-11-11' });
    const after = await getReportingSettings({ ctx: staff });
    expect(after.inForce.version).toBe(0);
    expect(after.upcoming).toMatchObject({ version: 1, note: '允许超期补报，需审核', value: { reportDeadlineHours: 48, minContactsAB: 2, lateBackfill: 'approval' } });
    expect((await policyInForce(db, 'reporting', '2026-11-11')).value).toEqual({ reportDeadlineHours: 48, minContactsAB: 2, lateBackfill: 'approval' });
    expect((await policyInForce(db, 'reporting', '2026-11-10')).value.lateBackfill).toBe('refuse');
  });

  it('switching to approval takes effect for reports filed from its day', async () => {
    const unit = await makeUnit(db);
    const staff = ctxAs(db, await makeUser(db, 'staff'), NOW);
    const manager = await makeUser(db, 'manager', { unitId: unit.id });
    const customer = await makeCustomer(db, unit.id);
    const contact = await makeContact(db, customer.id);
    await makeClaim(db, customer.id, manager.id);
    // 50 days before 10 November: beyond the 45-day look-back.
    const input = { customerId: customer.id, contactIds: [contact.id], type: 'phone' as const, visitedAt: '2026-09-21T10:00', purpose: '回访需求' };
    expect(await fieldsOf(createVisitReport({ ctx: ctxAs(db, manager, NOW), input }))).toEqual({ visitedAt: 'visits.backfillTooOld' });
    await saveReportingPolicy({ ctx: staff, input: { ...valid, effectiveFrom: '2026-11-10' } });
    const kept = await createVisitReport({ ctx: ctxAs(db, manager, NOW), input });
    expect(kept.backfill).toBe('pending');
    // The deadline of the visit's day still applies (the new version is not in force on 21 September).
    expect(kept.deadlineHours).toBe(24);
  });

  it('refuses out-of-range values at their fields and saves nothing', async () => {
    const staff = ctxAs(db, await makeUser(db, 'admin'), NOW);
    const fields = await fieldsOf(
      saveReportingPolicy({ ctx: staff, input: { effectiveFrom: '2026-11-11', reportDeadlineHours: 0, minContactsAB: 1.5, lateBackfill: 'maybe' as never, note: '' } }),
    );
    expect(fields).toEqual({
      reportDeadlineHours: 'reportingSettings.reportDeadlineHoursRange',
      minContactsAB: 'reportingSettings.minContactsABRange',
      lateBackfill: 'reportingSettings.lateBackfillInvalid',
    });
    expect(await fieldsOf(saveReportingPolicy({ ctx: staff, input: { ...valid, effectiveFrom: '2026-11-09' } }))).toEqual({ effectiveFrom: 'reportingSettings.effectiveInPast' });
    expect(await fieldsOf(saveReportingPolicy({ ctx: staff, input: { ...valid, effectiveFrom: '2026-02-30' } }))).toEqual({ effectiveFrom: 'reportingSettings.effectiveFromInvalid' });
    expect(await db.select().from(policyVersions).where(eq(policyVersions.key, 'reporting'))).toEqual([]);
  });

  it('only staff and admin', async () => {
    const unit = await makeUnit(db);
    for (const role of ['manager', 'supervisor', 'agent'] as const) {
      const ctx = ctxAs(db, await makeUser(db, role, { unitId: role === 'agent' ? null : unit.id }), NOW);
      await expect(getReportingSettings({ ctx })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(saveReportingPolicy({ ctx, input: valid })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});
