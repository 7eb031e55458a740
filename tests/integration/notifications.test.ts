import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { notifications } from '@/db/schema';
import { evaluateManagerMonth } from '@/lib/assessment/evaluate';
import { ValidationError } from '@/lib/platform/core/errors';
import { listMyNotifications, markNotificationsRead, unreadNotificationCount } from '@/lib/notifications/queries';
import { addNotifications, type NewNotification } from '@/lib/notifications/store';
import { CLOSE_AT, makeAssessmentWorld, MONTH } from '../support/assessment';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

const NOW = new Date('2026-12-05T02:00:00Z');

async function notify(list: NewNotification[], at: Date) {
  await db.transaction((tx) => addNotifications(tx, list, at));
}

async function people() {
  const unit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const colleague = await makeUser(db, 'manager', { unitId: unit.id });
  const staff = await makeUser(db, 'staff');
  return { unit, manager, colleague, staff, as: (u: typeof manager) => ctxAs(db, u, NOW) };
}

describe('notifications', () => {
  it('a published month of verdicts reaches its manager only, with the unread count', async () => {
    const w = await makeAssessmentWorld(db);
    await evaluateManagerMonth(db, { managerId: w.m1.id, month: MONTH }, { now: CLOSE_AT });
    const m1 = ctxAs(db, w.m1, NOW);
    const m2 = ctxAs(db, w.m2, NOW);

    const mine = await listMyNotifications({ ctx: m1, input: {} });
    // m1's November: v1 (80) and v4 (60) valid, v2b (45) invalid, v2 unreachable (unverified), v3 not sampled (unverified).
    expect(mine.rows).toHaveLength(1);
    expect(mine.rows[0]).toMatchObject({ kind: 'verdicts_published', params: { month: MONTH, count: 5, invalid: 1 }, link: `/my-month?month=${MONTH}`, readAt: null });
    expect(mine.unread).toBe(1);
    expect(await unreadNotificationCount({ ctx: m1 })).toBe(1);

    // Manager 2 was not evaluated: nothing, and nothing of manager 1's.
    expect((await listMyNotifications({ ctx: m2, input: {} })).rows).toEqual([]);
    expect(await unreadNotificationCount({ ctx: m2 })).toBe(0);
    expect(await unreadNotificationCount({ ctx: ctxAs(db, w.staff, NOW) })).toBe(0);
  });

  it('lists newest first, filters unread, and pages', async () => {
    const p = await people();
    const base = Date.parse('2026-12-01T00:00:00Z');
    for (let i = 0; i < 23; i++) {
      await notify([{ userId: p.manager.id, kind: 'verdicts_published', params: { month: '2026-11', count: i, invalid: 0 }, link: '/my-month?month=2026-11' }], new Date(base + i * 60_000));
    }
    const first = await listMyNotifications({ ctx: p.as(p.manager), input: {} });
    expect(first.total).toBe(23);
    expect(first.rows).toHaveLength(20);
    expect(first.rows.map((r) => r.params.count)).toEqual(Array.from({ length: 20 }, (_, i) => 22 - i));
    const second = await listMyNotifications({ ctx: p.as(p.manager), input: { page: 2 } });
    expect(second.rows.map((r) => r.params.count)).toEqual([2, 1, 0]);

    const oldest = second.rows.at(-1)!;
    await markNotificationsRead({ ctx: p.as(p.manager), input: { ids: [first.rows[0].id, oldest.id] } });
    const unread = await listMyNotifications({ ctx: p.as(p.manager), input: { unreadOnly: true } });
    expect(unread.total).toBe(21);
    expect(unread.unread).toBe(21);
    expect(unread.rows.every((r) => r.readAt === null)).toBe(true);
    expect(unread.rows[0].params.count).toBe(21);
  });

  it('marking read changes the count; another user\'s notification cannot be read, counted or marked', async () => {
    const p = await people();
    await notify(
      [
        { userId: p.manager.id, kind: 'dispute_decided', params: { decision: 'overturned', customer: '客户甲', month: '2026-11' }, link: '/disputes/00000000-0000-4000-8000-000000000001' },
        { userId: p.manager.id, kind: 'verdicts_published', params: { month: '2026-11', count: 3, invalid: 1 }, link: '/my-month?month=2026-11' },
        { userId: p.colleague.id, kind: 'verdicts_published', params: { month: '2026-11', count: 2, invalid: 0 }, link: '/my-month?month=2026-11' },
      ],
      new Date('2026-12-02T00:00:00Z'),
    );
    const manager = p.as(p.manager);
    const colleague = p.as(p.colleague);
    const colleagues = await listMyNotifications({ ctx: colleague, input: {} });
    expect(colleagues.rows.map((r) => r.params)).toEqual([{ month: '2026-11', count: 2, invalid: 0 }]);
    const theirs = colleagues.rows[0].id;

    // The manager tries to mark the colleague's notification: nothing happens to it.
    const attempt = await markNotificationsRead({ ctx: manager, input: { ids: [theirs] } });
    expect(attempt).toEqual({ marked: 0, unread: 2 });
    expect(await unreadNotificationCount({ ctx: colleague })).toBe(1);
    expect((await listMyNotifications({ ctx: manager, input: {} })).rows.map((r) => r.id)).not.toContain(theirs);

    // Marking one of their own.
    const own = (await listMyNotifications({ ctx: manager, input: {} })).rows;
    const decided = own.find((r) => r.kind === 'dispute_decided')!;
    expect(await markNotificationsRead({ ctx: manager, input: { ids: [decided.id] } })).toEqual({ marked: 1, unread: 1 });
    const [stored] = await db.select().from(notifications).where(eq(notifications.id, decided.id));
    expect(stored.readAt).toEqual(NOW);
    // Marking it again changes nothing (its read time stays).
    expect(await markNotificationsRead({ ctx: p.as(p.manager), input: { ids: [decided.id] } })).toEqual({ marked: 0, unread: 1 });

    // "Mark all" marks the actor's own only.
    expect(await markNotificationsRead({ ctx: manager, input: { all: true } })).toEqual({ marked: 1, unread: 0 });
    expect(await unreadNotificationCount({ ctx: manager })).toBe(0);
    expect(await unreadNotificationCount({ ctx: colleague })).toBe(1);
  });

  it('refuses a request that names nothing to mark', async () => {
    const p = await people();
    await expect(markNotificationsRead({ ctx: p.as(p.manager), input: {} })).rejects.toBeInstanceOf(ValidationError);
    await expect(markNotificationsRead({ ctx: p.as(p.manager), input: { ids: [] } })).rejects.toMatchObject({ issues: [{ field: 'ids', code: 'notifications.nothingToMark' }] });
  });

  it('never offers a link out of the app', async () => {
    const p = await people();
    await notify([{ userId: p.staff.id, kind: 'dispute_filed', params: { manager: 'x', customer: 'y', month: '2026-11' }, link: '//evil.example/x' }], NOW);
    const [row] = (await listMyNotifications({ ctx: p.as(p.staff), input: {} })).rows;
    expect(row.link).toBeNull();
  });
});
