import { createTranslator } from 'next-intl';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { closeMonth } from '@/lib/assessment/close';
import { auditSentence, recordHref, type AuditTrailEntry } from '@/lib/audit-trail/catalogue';
import { listAuditEntries, listAuditPeople, listRecordTrail } from '@/lib/audit-trail/queries';
import { revealContactPhone } from '@/lib/contacts/reveal';
import { fileDispute } from '@/lib/disputes/file';
import { orderRecallback, startReview, withdrawDispute } from '@/lib/disputes/review';
import { ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { catalogue } from '@/lib/platform/i18n/messages';
import { closeQueues } from '@/lib/platform/jobs/queues';
import type { RootTranslator } from '@/lib/visits/verdict-text';
import { createVisitReport } from '@/lib/visits/visits';
import { CLOSE_AT, local, makeAssessmentWorld, MONTH } from '../support/assessment';
import { flushQueuePrefix } from '../support/callbacks';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * 操作记录 against the real database: staff and admin read the whole log with filters, each
 * entry a Chinese sentence; a full number revealed is an entry; a manager reads the trail of
 * their own visit and dispute, and nobody reads what is out of their scope.
 */
let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
  await flushQueuePrefix();
});
afterAll(async () => {
  await flushQueuePrefix();
  await closeQueues();
});

const zh = createTranslator({ locale: 'zh-CN', messages: catalogue['zh-CN'], timeZone: 'Asia/Shanghai' }) as unknown as RootTranslator;
const sentences = (entries: AuditTrailEntry[]) => entries.map((e) => auditSentence(zh, e));
const NOW = local('2026-11-03 18:00');

async function refused<E>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

async function people() {
  const unit = await makeUnit(db);
  const otherUnit = await makeUnit(db);
  const staff = await makeUser(db, 'staff', { displayName: '王敏' });
  const admin = await makeUser(db, 'admin');
  const manager = await makeUser(db, 'manager', { unitId: unit.id, displayName: '李强' });
  const colleague = await makeUser(db, 'manager', { unitId: unit.id });
  const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
  const otherSupervisor = await makeUser(db, 'supervisor', { unitId: otherUnit.id });
  const agent = await makeUser(db, 'agent');
  const customer = await makeCustomer(db, unit.id, { name: '鹏程医药有限公司' });
  const contact = await makeContact(db, customer.id, { name: '邱军', phone: '+8613800001234' });
  await makeClaim(db, customer.id, manager.id);
  return { unit, staff, admin, manager, colleague, supervisor, otherSupervisor, agent, customer, contact, as: (u: typeof staff) => ctxAs(db, u, NOW) };
}

describe('a full number revealed is an entry on the audit page', () => {
  it('reads 「王敏（staffN） 看了 鹏程医药有限公司 联系人 邱军 的完整号码」, linked to the customer, without the number', async () => {
    const w = await people();
    const { phone } = await revealContactPhone({ ctx: w.as(w.staff), input: { contactId: w.contact.id } });
    expect(phone).toBe('13800001234');

    const page = await listAuditEntries({ ctx: w.as(w.admin), input: { action: 'phone.revealed' } });
    expect(page.total).toBe(1);
    const [entry] = page.rows;
    expect(entry.actor).toMatchObject({ id: w.staff.id, username: w.staff.username });
    expect(auditSentence(zh, entry)).toBe(`王敏（${w.staff.username}） 看了 鹏程医药有限公司 联系人 邱军 的完整号码`);
    expect(JSON.stringify(entry)).not.toContain('13800001234');
    expect(recordHref(entry, 'admin')).toBe(`/customers/${w.customer.id}`);
  });
});

describe('the audit page filters by person, record, action and day, in pages', () => {
  it('narrows by each filter; days are Shanghai days', async () => {
    const w = await people();
    const raw = (actorId: string | null, action: string, entityType: string, entityId: string, at: string) =>
      ({ actorId, action, entityType, entityId, at: new Date(at) }) as const;
    await db.insert(auditLog).values([
      // 2 November 23:30 and 3 November 00:30 in Shanghai: one hour apart, different days.
      raw(w.staff.id, 'phone.revealed', 'contact', w.contact.id, '2026-11-02T15:30:00Z'),
      raw(w.staff.id, 'customer.updated', 'customer', w.customer.id, '2026-11-02T16:30:00Z'),
      raw(w.admin.id, 'user.created', 'user', w.manager.id, '2026-11-03T02:00:00Z'),
      raw(null, 'callbacks.queuePaused', 'queue_control', 'default', '2026-11-04T02:00:00Z'),
    ]);
    const list = async (input: Parameters<typeof listAuditEntries>[0]['input']) => sentences((await listAuditEntries({ ctx: w.as(w.staff), input })).rows);

    expect(await list({})).toEqual([
      '系统 暂停了回访队列',
      `${w.admin.displayName}（${w.admin.username}） 新建了用户 李强（${w.manager.username}）`,
      `王敏（${w.staff.username}） 修改了客户 鹏程医药有限公司 的资料`,
      `王敏（${w.staff.username}） 看了 鹏程医药有限公司 联系人 邱军 的完整号码`,
    ]);
    expect(await list({ actorId: w.staff.id })).toHaveLength(2);
    expect(await list({ action: 'user.created' })).toHaveLength(1);
    expect(await list({ entityType: 'contact', entityId: w.contact.id })).toEqual([`王敏（${w.staff.username}） 看了 鹏程医药有限公司 联系人 邱军 的完整号码`]);
    expect(await list({ entityType: 'customer' })).toHaveLength(1);
    expect(await list({ from: '2026-11-03', to: '2026-11-03' })).toEqual([
      expect.stringContaining('新建了用户'),
      expect.stringContaining('修改了客户'),
    ]);
    expect(await list({ to: '2026-11-02' })).toEqual([expect.stringContaining('完整号码')]);
    expect(await list({ from: '2026-11-04', actorId: w.staff.id })).toEqual([]);
    // The address's empty fields are no filter.
    expect(await list({ actorId: '', action: '', entityType: '', from: '', to: '', page: '' } as never)).toHaveLength(4);
  });

  it('pages in SQL, newest first', async () => {
    const w = await people();
    await db.insert(auditLog).values(
      Array.from({ length: 55 }, (_, i) => ({ actorId: w.staff.id, action: 'phone.revealed', entityType: 'contact', entityId: w.contact.id, at: new Date(Date.UTC(2026, 10, 1, 0, i)) })),
    );
    const first = await listAuditEntries({ ctx: w.as(w.staff), input: {} });
    expect(first).toMatchObject({ total: 55, page: 1, pageSize: 50 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0].at).toEqual(new Date(Date.UTC(2026, 10, 1, 0, 54)));
    const second = await listAuditEntries({ ctx: w.as(w.staff), input: { page: 2 } });
    expect(second.rows.map((r) => r.at)).toEqual([4, 3, 2, 1, 0].map((m) => new Date(Date.UTC(2026, 10, 1, 0, m))));
  });

  it('refuses filters that are not one, and everyone but staff and admin', async () => {
    const w = await people();
    for (const input of [{ actorId: 'abc' }, { from: '2026-02-30' }, { from: '2026-11-05', to: '2026-11-04' }, { action: 'drop table' }, { page: 0 }]) {
      await refused(listAuditEntries({ ctx: w.as(w.staff), input }), ValidationError);
    }
    for (const user of [w.manager, w.supervisor, w.agent]) {
      await refused(listAuditEntries({ ctx: w.as(user), input: {} }), ForbiddenError);
      await refused(listAuditPeople({ ctx: w.as(user) }), ForbiddenError);
    }
    expect((await listAuditPeople({ ctx: w.as(w.admin) })).map((p) => p.id)).toContain(w.manager.id);
  });
});

describe('a manager reads the trail of their own visit', () => {
  it('their report is on it; a colleague, another unit and an agent cannot read it', async () => {
    const w = await people();
    const { id } = await createVisitReport({
      ctx: ctxAs(db, w.manager, local('2026-11-03 16:00')),
      input: { customerId: w.customer.id, contactIds: [w.contact.id], newContacts: [], type: 'on_site', visitedAt: '2026-11-03T14:30', checkInMethod: 'none', purpose: '了解 5G 专线需求', summary: '' },
    });
    const trail = await listRecordTrail({ ctx: w.as(w.manager), input: { entityType: 'visit', entityId: id } });
    expect(sentences(trail)).toEqual([`李强（${w.manager.username}） 填报了对 鹏程医药有限公司 的拜访（2026-11-03）`]);
    expect(await listRecordTrail({ ctx: w.as(w.supervisor), input: { entityType: 'visit', entityId: id } })).toHaveLength(1);
    expect(await listRecordTrail({ ctx: w.as(w.staff), input: { entityType: 'visit', entityId: id } })).toHaveLength(1);

    await refused(listRecordTrail({ ctx: w.as(w.colleague), input: { entityType: 'visit', entityId: id } }), NotFoundError);
    await refused(listRecordTrail({ ctx: w.as(w.otherSupervisor), input: { entityType: 'visit', entityId: id } }), NotFoundError);
    await refused(listRecordTrail({ ctx: w.as(w.agent), input: { entityType: 'visit', entityId: id } }), ForbiddenError);
    await refused(listRecordTrail({ ctx: w.as(w.manager), input: { entityType: 'visit', entityId: w.customer.id } }), NotFoundError);
    await refused(listRecordTrail({ ctx: w.as(w.manager), input: { entityType: 'customer', entityId: w.customer.id } as never }), ValidationError);
  });
});

describe('a manager reads the trail of their own dispute', () => {
  it('sees each step; staff also see the re-callback it cancelled; other managers see nothing', async () => {
    const w = await makeAssessmentWorld(db);
    await closeMonth({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { month: MONTH } });
    const reviewer = await makeUser(db, 'staff', { displayName: '复核员甲' });
    await makeUser(db, 'agent', { phone: '+8613900001111' });
    const later = (minutes: number) => new Date(local('2026-12-04 10:00').getTime() + minutes * 60_000);
    const asManager = (minutes: number) => ctxAs(db, w.m1, later(minutes));
    const asReviewer = (minutes: number) => ctxAs(db, reviewer, later(minutes));
    const v2b = w.visits.v2b;
    const { disputeId } = await fileDispute({ ctx: asManager(0), input: { visitId: v2b.id, subject: 'verdict', reason: '我确实在11月20日给客户打过电话，客户当时没听清问题。', attachments: [] } });
    await startReview({ ctx: asReviewer(10), input: { disputeId } });
    await orderRecallback({ ctx: asReviewer(20), input: { disputeId } });
    await withdrawDispute({ ctx: asManager(30), input: { disputeId } });

    const manager = ctxAs(db, w.m1, CLOSE_AT);
    const mine = sentences(await listRecordTrail({ ctx: manager, input: { entityType: 'dispute', entityId: disputeId } }));
    const m1 = `甲经理（${w.m1.username}）`;
    const r = `复核员甲（${reviewer.username}）`;
    const customer = w.customers.cB.name;
    expect(mine).toEqual([
      expect.stringMatching(new RegExp(`^${m1} 对 ${customer} 拜访（2026-11-\\d\\d）的判定提出申诉$`)),
      expect.stringContaining(`${r} 开始审核 ${m1} 对 ${customer} 拜访`),
      expect.stringContaining(`${r} 为 ${m1} 对 ${customer} 拜访`),
      expect.stringContaining(`${m1} 撤回了对 ${customer} 拜访`),
    ]);
    // The visit's trail carries its disputes.
    expect(sentences(await listRecordTrail({ ctx: manager, input: { entityType: 'visit', entityId: v2b.id } }))).toEqual(mine);

    const staffView = sentences(await listRecordTrail({ ctx: ctxAs(db, w.staff, CLOSE_AT), input: { entityType: 'dispute', entityId: disputeId } }));
    expect(staffView).toHaveLength(5);
    expect(staffView).toContainEqual(expect.stringContaining(`${m1} 取消了 ${customer} 拜访`));

    await refused(listRecordTrail({ ctx: ctxAs(db, w.m2, CLOSE_AT), input: { entityType: 'dispute', entityId: disputeId } }), NotFoundError);
  });
});
