import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { policyVersions } from '@/db/schema';
import { ForbiddenError, ValidationError } from '@/lib/platform/core/errors';
import { getDisputeSettings, saveDisputePolicy } from '@/lib/disputes/settings';
import { policyInForce } from '@/lib/policy/policies';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

/** 10 November 2026, 10:00 in Asia/Shanghai. */
const NOW = new Date('2026-11-10T02:00:00Z');
const valid = { effectiveFrom: '2026-11-11', windowDays: 7, responseWorkingDays: 5, maxAttachments: 3, maxAttachmentBytes: 2 * 1024 * 1024, note: '延长申诉期限' };

async function fieldsOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return Object.fromEntries((error as ValidationError).issues.map((i) => [i.field, i.code]));
}

describe('dispute rules', () => {
  it('saves a version effective from a day; the shipped defaults apply before it', async () => {
    const staff = ctxAs(db, await makeUser(db, 'staff'), NOW);
    const before = await getDisputeSettings({ ctx: staff });
    expect(before.inForce).toMatchObject({ version: 0, value: { windowDays: 5, responseWorkingDays: 3, maxAttachments: 5, maxAttachmentBytes: 5 * 1024 * 1024 } });
    expect(before.history).toEqual([]);
    expect(before.tomorrow).toBe('2026-11-11');

    expect(await saveDisputePolicy({ ctx: staff, input: valid })).toMatchObject({ version: 1, effectiveFrom: '2026-11-11' });
    const after = await getDisputeSettings({ ctx: staff });
    // Still the defaults today; version 1 is scheduled for tomorrow.
    expect(after.inForce.version).toBe(0);
    expect(after.upcoming).toMatchObject({ version: 1, effectiveFrom: '2026-11-11', note: '延长申诉期限', value: { windowDays: 7, maxAttachmentBytes: 2 * 1024 * 1024 } });
    expect((await policyInForce(db, 'disputes', '2026-11-11')).value).toEqual({ windowDays: 7, responseWorkingDays: 5, maxAttachments: 3, maxAttachmentBytes: 2 * 1024 * 1024 });
    expect((await policyInForce(db, 'disputes', '2026-11-10')).version).toBe(0);

    // A second version the same day is refused at the date; today is allowed.
    expect(await fieldsOf(saveDisputePolicy({ ctx: staff, input: { ...valid, windowDays: 9 } }))).toEqual({ effectiveFrom: 'policy.dayTaken' });
    expect(await saveDisputePolicy({ ctx: staff, input: { ...valid, effectiveFrom: '2026-11-10' } })).toMatchObject({ version: 2 });
    expect((await getDisputeSettings({ ctx: staff })).inForce).toMatchObject({ version: 2, effectiveFrom: '2026-11-10' });
  });

  it('refuses out-of-range values at their fields and saves nothing', async () => {
    const staff = ctxAs(db, await makeUser(db, 'admin'), NOW);
    const fields = await fieldsOf(
      saveDisputePolicy({
        ctx: staff,
        input: { effectiveFrom: '2026-11-09', windowDays: 0, responseWorkingDays: 31, maxAttachments: 2.5, maxAttachmentBytes: 51 * 1024 * 1024, note: 'x' },
      }),
    );
    expect(fields).toEqual({
      windowDays: 'disputeSettings.windowDaysRange',
      responseWorkingDays: 'disputeSettings.responseWorkingDaysRange',
      maxAttachments: 'disputeSettings.maxAttachmentsRange',
      maxAttachmentBytes: 'disputeSettings.maxAttachmentSizeRange',
    });
    // In range but in the past.
    expect(await fieldsOf(saveDisputePolicy({ ctx: staff, input: { ...valid, effectiveFrom: '2026-11-09' } }))).toEqual({ effectiveFrom: 'disputeSettings.effectiveInPast' });
    expect(await fieldsOf(saveDisputePolicy({ ctx: staff, input: { ...valid, effectiveFrom: '2026-02-30' } }))).toEqual({ effectiveFrom: 'disputeSettings.effectiveFromInvalid' });
    expect(await db.select().from(policyVersions).where(eq(policyVersions.key, 'disputes'))).toEqual([]);
  });

  it('only staff and admin', async () => {
    const unit = await makeUnit(db);
    for (const role of ['manager', 'supervisor', 'agent'] as const) {
      const ctx = ctxAs(db, await makeUser(db, role, { unitId: role === 'agent' ? null : unit.id }), NOW);
      await expect(getDisputeSettings({ ctx })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(saveDisputePolicy({ ctx, input: valid })).rejects.toBeInstanceOf(ForbiddenError);
    }
  });
});
