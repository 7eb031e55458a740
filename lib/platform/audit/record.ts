import { SQL, sql } from 'drizzle-orm';
import { auditLog } from '@/db/schema';
import type { DbOrTx } from '@/db/client';
import { jsonChunks } from '@/lib/platform/core/sql';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Appends to the audit log; call it inside the same transaction as the change it records. */
export async function recordAudit(db: DbOrTx, entry: AuditEntry | AuditEntry[]): Promise<void> {
  const rows = (Array.isArray(entry) ? entry : [entry]).map((e) => ({
    actorId: e.actorId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId ?? null,
    before: e.before ?? null,
    after: e.after ?? null,
  }));
  if (rows.length === 0) return;
  if (rows.length === 1) {
    await db.insert(auditLog).values(rows);
    return;
  }
  // Many entries (an import's batch audits each customer, contact and claim) go in as JSON
  // parameters: building a thousand-row VALUES list cost more than the insert itself. Each piece
  // is a plain scan of its array, awaited in turn, so the ids follow the entries' order.
  for (const json of jsonChunks(rows.map((r) => ({ u: r.actorId, a: r.action, t: r.entityType, i: r.entityId, b: r.before, f: r.after })))) {
    await db.execute(sql`
      insert into ${auditLog} (actor_id, action, entity_type, entity_id, before, after)
      select x.u, x.a, x.t, x.i, x.b, x.f
        from jsonb_to_recordset(${json}::jsonb) as x(u uuid, a text, t text, i text, b jsonb, f jsonb)`);
  }
}

/**
 * recordAudit's row, set-based: the insert for a data-modifying CTE, one audit row per row of the
 * CTE named `from`. For the statements agents run all day (take, release, record an outcome) that
 * change a callback and audit it in ONE round trip, and only when the change applied (the CTE
 * returned the row) — no transaction needed. `entityId`, `before` and `after` may be SQL reading
 * `from`'s columns; plain values are stored as JSON.
 */
export function auditRowsFrom(
  from: string,
  /** actorId null: the system's own act (a timer, a deadline), as recordAudit allows. */
  entry: { actorId: string | null; action: string; entityType: string; entityId: SQL; before?: unknown; after?: unknown },
): SQL {
  const json = (value: unknown) => (value === undefined ? sql`null::jsonb` : value instanceof SQL ? value : sql`${JSON.stringify(value)}::jsonb`);
  return sql`insert into ${auditLog} (actor_id, action, entity_type, entity_id, before, after)
    select ${entry.actorId}::uuid, ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${json(entry.before)}, ${json(entry.after)}
      from ${sql.identifier(from)}`;
}
