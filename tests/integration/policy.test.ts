import { describe, expect, it } from 'vitest';
import { ForbiddenError, ValidationError } from '@/lib/platform/core/errors';
import { policyInForce, savePolicyVersion } from '@/lib/policy/policies';
import { ctxAs, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

describe('versioned policies', () => {
  it('uses the shipped default until a version is saved, then the version in force on each day', async () => {
    const { db } = await testDb();
    const staff = await makeUser(db, 'staff');
    expect((await policyInForce(db, 'reporting', '2026-11-01')).value.reportDeadlineHours).toBe(24);

    await savePolicyVersion({ ctx: ctxAs(db, staff), input: { key: 'reporting', effectiveFrom: '2026-12-01', value: { reportDeadlineHours: 48, minContactsAB: 3, lateBackfill: 'refuse' } } });
    expect((await policyInForce(db, 'reporting', '2026-11-30')).value.reportDeadlineHours).toBe(24);
    const december = await policyInForce(db, 'reporting', '2026-12-01');
    expect(december.value.reportDeadlineHours).toBe(48);
    expect(december.version).toBe(1);
  });

  it('refuses values out of range, naming the field, and saves nothing', async () => {
    const { db } = await testDb();
    const staff = await makeUser(db, 'staff');
    const attempt = savePolicyVersion({ ctx: ctxAs(db, staff), input: { key: 'reporting', effectiveFrom: '2026-12-01', value: { reportDeadlineHours: 0, minContactsAB: 3, lateBackfill: 'refuse' } } });
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt).rejects.toMatchObject({ issues: [{ field: 'reportDeadlineHours' }] });
    expect((await policyInForce(db, 'reporting', '2026-12-02')).version).toBe(0);
  });

  it('says what is wrong in the catalogue’s words, never zod’s English', async () => {
    const { db } = await testDb();
    const staff = await makeUser(db, 'staff');
    const assessment = (await policyInForce(db, 'assessment', '2026-12-01')).value;
    const calling = (await policyInForce(db, 'calling', '2026-12-01')).value;
    const save = (key: 'assessment' | 'calling', value: unknown) => savePolicyVersion({ ctx: ctxAs(db, staff), input: { key, effectiveFrom: '2026-12-01', value } });
    await expect(save('assessment', { ...assessment, weights: { coverage: 0, valid: 0, onTime: 0 } })).rejects.toMatchObject({
      issues: [{ field: 'weights', code: 'policy.weightsAllZero' }],
    });
    await expect(save('assessment', { ...assessment, gradeBands: { excellent: 70, good: 80, fair: 70, poor: 60 } })).rejects.toMatchObject({
      issues: [{ field: 'gradeBands', code: 'policy.bandsOutOfOrder' }],
    });
    await expect(save('calling', { ...calling, windows: [{ start: '14:00', end: '09:00' }] })).rejects.toMatchObject({
      issues: [{ field: 'windows.0.end', code: 'calling.windowEndBeforeStart' }],
    });
    await expect(save('calling', { ...calling, maxAttempts: 99 })).rejects.toMatchObject({ issues: [{ field: 'maxAttempts', code: 'policy.outOfRange' }] });
    expect((await policyInForce(db, 'assessment', '2026-12-02')).version).toBe(0);
  });

  it('refuses a second version on the same day and any non-staff author', async () => {
    const { db } = await testDb();
    const staff = await makeUser(db, 'staff');
    const manager = await makeUser(db, 'manager');
    const value = { reportDeadlineHours: 36, minContactsAB: 3, lateBackfill: 'refuse' };
    await savePolicyVersion({ ctx: ctxAs(db, staff), input: { key: 'reporting', effectiveFrom: '2026-12-01', value } });
    await expect(savePolicyVersion({ ctx: ctxAs(db, staff), input: { key: 'reporting', effectiveFrom: '2026-12-01', value } })).rejects.toMatchObject({
      issues: [{ field: 'effectiveFrom', code: 'policy.dayTaken' }],
    });
    await expect(savePolicyVersion({ ctx: ctxAs(db, manager), input: { key: 'reporting', effectiveFrom: '2027-01-01', value } })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
