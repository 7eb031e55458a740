import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { canonicalJson, insertJson, rows, uuidArray } from '@/lib/assessment/sql';
import type { MonthWindow } from '@/lib/assessment/window';
import type { CheckCode, Finding, FindingSeverity } from './rules';

/**
 * The current findings of each visit (visit_findings): replaced per visit when it is evaluated
 * again. Only differences are written, so evaluating an unchanged month writes nothing, and a
 * finding that persists keeps the time it was first found.
 */

export interface StoredFinding {
  code: string;
  severity: FindingSeverity;
  params: Record<string, string | number>;
}

/** The stored findings of the managers' visits of the month, by visit. */
export async function loadStoredFindings(db: DbOrTx, w: MonthWindow, managerIds: readonly string[]): Promise<Map<string, StoredFinding[]>> {
  if (managerIds.length === 0) return new Map();
  const found = await rows<{ v: string; code: string; severity: FindingSeverity; params: Record<string, string | number> }>(
    db,
    sql`
      select f.visit_id as v, f.code, f.severity, f.params
        from visit_findings f join visit_reports v on v.id = f.visit_id
       where v.manager_id = any(${uuidArray(managerIds)})
         and v.visited_at >= ${w.start.toISOString()}::timestamptz and v.visited_at < ${w.end.toISOString()}::timestamptz`,
  );
  const out = new Map<string, StoredFinding[]>();
  for (const r of found) {
    const list = out.get(r.v) ?? [];
    list.push({ code: r.code, severity: r.severity, params: r.params });
    out.set(r.v, list);
  }
  return out;
}

export interface FindingsDiff {
  /** (visit, code) pairs no longer found. */
  removed: { visitId: string; code: string }[];
  /** New findings, and findings whose severity or parameters changed. */
  upserted: { visitId: string; finding: Finding }[];
}

/** What to write so the stored findings of these visits become `fresh` (pure). */
export function diffFindings(fresh: ReadonlyMap<string, readonly Finding[]>, stored: ReadonlyMap<string, readonly StoredFinding[]>): FindingsDiff {
  const removed: FindingsDiff['removed'] = [];
  const upserted: FindingsDiff['upserted'] = [];
  for (const [visitId, findings] of fresh) {
    const before = new Map((stored.get(visitId) ?? []).map((f) => [f.code, f]));
    for (const f of findings) {
      const old = before.get(f.code);
      before.delete(f.code);
      if (!old || old.severity !== f.severity || canonicalJson(old.params) !== canonicalJson(f.params)) upserted.push({ visitId, finding: f });
    }
    for (const code of before.keys()) removed.push({ visitId, code });
  }
  return { removed, upserted };
}

/** Writes the differences; the returned promise is already running (see insertJson). */
export function writeFindings(tx: DbOrTx, diff: FindingsDiff, now: Date): Promise<unknown> {
  const at = now.toISOString();
  const removed = insertJson(
    tx,
    diff.removed.map((r) => ({ v: r.visitId, c: r.code })),
    (x) => sql`delete from visit_findings f using jsonb_to_recordset(${x}) as s(v uuid, c text) where f.visit_id = s.v and f.code = s.c`,
  );
  const upserted = insertJson(
    tx,
    diff.upserted.map((u) => ({ v: u.visitId, c: u.finding.code, s: u.finding.severity, p: u.finding.params })),
    (x) => sql`
      insert into visit_findings (visit_id, code, severity, params, first_found_at, evaluated_at)
      select s.v, s.c, s.s, s.p, ${at}::timestamptz, ${at}::timestamptz from jsonb_to_recordset(${x}) as s(v uuid, c text, s text, p jsonb)
      on conflict (visit_id, code) do update set severity = excluded.severity, params = excluded.params, evaluated_at = excluded.evaluated_at`,
  );
  return Promise.all([removed, upserted]);
}

/** A stored finding as the pure rules type it (codes in the table are always check codes). */
export function asFinding(f: StoredFinding): Finding {
  return { code: f.code as CheckCode, severity: f.severity, params: f.params };
}
