import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { visitVerdicts } from '@/db/schema';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { createVisitReport, listVisits } from '@/lib/visits/visits';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

const TZ = 'Asia/Shanghai';
const HOUR = 3_600_000;

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

/**
 * The visit list shows the verdict in force as the reader may see it: a manager only published
 * versions (like the visit page), staff and supervisors the latest version.
 */
describe('listVisits: the verdict column and filter', () => {
  it('shows a manager only published verdicts, staff the latest, and filters by either', async () => {
    const unit = await makeUnit(db);
    const manager = await makeUser(db, 'manager', { unitId: unit.id });
    const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
    const staff = await makeUser(db, 'staff');
    const customer = await makeCustomer(db, unit.id);
    const contact = await makeContact(db, customer.id, { phone: '+8613800005678' });
    await makeClaim(db, customer.id, manager.id);
    const visit = async (day: string) => {
      const at = parseLocalDateTime(`2026-11-${day} 10:00`, TZ)!;
      const r = await createVisitReport({
        ctx: ctxAs(db, manager, new Date(at.getTime() + HOUR)),
        input: { customerId: customer.id, contactIds: [contact.id], newContacts: [], type: 'phone', visitedAt: `2026-11-${day}T10:00`, checkInMethod: 'none', purpose: `拜访 ${day}`, summary: '' },
      });
      return r.id;
    };
    const published = new Date('2026-11-20T00:00:00Z');
    const verdict = (visitId: string, version: number, status: 'valid' | 'invalid' | 'unverified' | 'pending', publishedAt: Date | null) =>
      db.insert(visitVerdicts).values({ visitId, managerId: manager.id, month: '2026-11', version, status, final: publishedAt !== null, reasons: [], cause: 'evaluation', publishedAt });

    const validPublished = await visit('02');
    await verdict(validPublished, 1, 'valid', published);
    const invalidUnpublished = await visit('03');
    await verdict(invalidUnpublished, 1, 'invalid', null);
    const none = await visit('04');
    const reverifying = await visit('05');
    await verdict(reverifying, 1, 'valid', published);
    await verdict(reverifying, 2, 'invalid', null);
    const unverified = await visit('06');
    await verdict(unverified, 1, 'unverified', published);

    const byId = async (user: typeof manager, filter: Record<string, string> = {}) => {
      const { rows } = await listVisits({ ctx: ctxAs(db, user), input: { month: '2026-11', ...filter } });
      return Object.fromEntries(rows.map((r) => [r.id, r.verdict]));
    };

    expect(await byId(manager)).toEqual({ [validPublished]: 'valid', [invalidUnpublished]: 'pending', [none]: 'pending', [reverifying]: 'valid', [unverified]: 'unverified' });
    expect(await byId(staff)).toEqual({ [validPublished]: 'valid', [invalidUnpublished]: 'invalid', [none]: 'pending', [reverifying]: 'invalid', [unverified]: 'unverified' });
    expect(await byId(supervisor)).toEqual(await byId(staff));

    // The filter follows what the reader sees: a manager has no 无效 visit yet, staff have two.
    expect(await byId(manager, { verdict: 'invalid' })).toEqual({});
    expect(Object.keys(await byId(staff, { verdict: 'invalid' })).sort()).toEqual([invalidUnpublished, reverifying].sort());
    expect(Object.keys(await byId(manager, { verdict: 'pending' })).sort()).toEqual([invalidUnpublished, none].sort());
    expect(Object.keys(await byId(manager, { verdict: 'valid' })).sort()).toEqual([validPublished, reverifying].sort());
    const { total } = await listVisits({ ctx: ctxAs(db, staff), input: { verdict: 'unverified' } });
    expect(total).toBe(1);
  });
});
