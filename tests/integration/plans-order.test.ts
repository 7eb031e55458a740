import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { getOrCreateDraftPlan, savePlanItems } from '@/lib/plans/commands';
import { getPlan } from '@/lib/plans/queries';
import { ctxAs, makeClaim, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

const NOW = new Date('2026-11-02T02:00:00Z');

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

describe('a plan reads in date order', () => {
  it('lists the planned visits by planned time, whatever order they were typed in', async () => {
    const unit = await makeUnit(db);
    const manager = await makeUser(db, 'manager', { unitId: unit.id });
    const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
    const customer = await makeCustomer(db, unit.id);
    await makeClaim(db, customer.id, manager.id);
    const ctx = ctxAs(db, manager, NOW);
    const plan = await getOrCreateDraftPlan({ ctx, input: { month: '2026-11' } });
    const typed = ['2026-11-20T09:00', '2026-11-05T14:00', '2026-11-12T10:00', '2026-11-05T09:30'];
    await savePlanItems({
      ctx,
      input: { planId: plan.id, items: typed.map((plannedAt, i) => ({ customerId: customer.id, contactName: `联系人${i + 1}`, contactPhone: '13900139000', plannedAt, place: '客户总部', purpose: '业务回访' })) },
    });
    for (const reader of [manager, supervisor]) {
      const detail = await getPlan({ ctx: ctxAs(db, reader, NOW), input: { planId: plan.id } });
      expect(detail.items.map((i) => i.contactName)).toEqual(['联系人4', '联系人2', '联系人3', '联系人1']);
    }
  });
});
