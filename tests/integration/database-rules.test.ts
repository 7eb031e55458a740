import { describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { testDb } from '../support/worker-setup';
import { makeUser } from '../support/factories';

describe('the database enforces', () => {
  it('an append-only audit log: UPDATE and DELETE are refused', async () => {
    const { db, sql } = await testDb();
    const admin = await makeUser(db, 'admin');
    await recordAudit(db, { actorId: admin.id, action: 'test.did', entityType: 'test', entityId: '1', after: { a: 1 } });
    await expect(sql`update audit_log set action = 'x'`).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`).rejects.toThrow(/append-only/);
    const rows = await db.select().from(auditLog);
    expect(rows).toHaveLength(1);
    expect(rows[0].action).toBe('test.did');
  });
});
