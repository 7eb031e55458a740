import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog } from '@/db/schema';
import { ForbiddenError } from '@/lib/platform/core/errors';
import { queue } from '@/lib/platform/jobs/queues';
import { QUEUE_NAMES } from '@/lib/platform/jobs/registry';
import { queuesDashboard } from '@/lib/queues-dashboard/board';
import { assertMayChangeQueues, recordQueueChange } from '@/lib/queues-dashboard/changes';
import { emptyQueuesForEachTest } from '../support/callbacks';
import { ctxAs, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

const BASE = 'http://localhost/api/admin/queues';
const name = QUEUE_NAMES[0]!;

describe('the queue dashboard', () => {
  it('answers its page and lists every queue (it was a 404 at every path)', async () => {
    const board = queuesDashboard({ readOnly: true });
    const page = await board.fetch(new Request(BASE));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const list = await board.fetch(new Request(`${BASE}/api/queues?activeQueue=&page=1&jobsPerPage=10`));
    expect(list.status).toBe(200);
    const body = (await list.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...QUEUE_NAMES].sort());
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('staff cannot change queues (refused by the route and by their read-only board); admin can, and it is audited', async () => {
    const staff = await makeUser(db, 'staff');
    const admin = await makeUser(db, 'admin');
    expect(() => assertMayChangeQueues(ctxAs(db, staff).actor)).toThrow(ForbiddenError);
    expect(() => assertMayChangeQueues(ctxAs(db, admin).actor)).not.toThrow();

    const pause = () => new Request(`${BASE}/api/queues/${name}/pause`, { method: 'PUT' });
    const refused = await queuesDashboard({ readOnly: true }).fetch(pause());
    expect(refused.ok).toBe(false);
    expect(await queue(name).isPaused()).toBe(false);

    const done = await queuesDashboard({ readOnly: false }).fetch(pause());
    expect(done.ok).toBe(true);
    expect(await queue(name).isPaused()).toBe(true);
    await recordQueueChange({ ctx: ctxAs(db, admin), input: { method: 'PUT', path: `/api/admin/queues/api/queues/${name}/pause` } });
    const entries = await db.select().from(auditLog).where(eq(auditLog.action, 'queue.changed'));
    expect(entries).toMatchObject([{ actorId: admin.id, entityType: 'queue', entityId: name, after: { method: 'PUT', action: '/pause' } }]);
    await expect(recordQueueChange({ ctx: ctxAs(db, staff), input: { method: 'PUT', path: `/api/admin/queues/api/queues/${name}/resume` } })).rejects.toThrow(ForbiddenError);
    await queue(name).resume();
  });
});
