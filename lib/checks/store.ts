import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { decodedReader, insertJson, jsonbText, uuidArray, type ReadOptions } from '@/lib/platform/core/sql';
import type { MonthWindow } from '@/lib/platform/time/month-window';
import type { Finding } from './rules';

/**
 * The current findings of each visit (visit_findings): replaced per visit when it is evaluated
 * again. Only differences are written, so evaluating an unchanged month writes nothing, and a
 * finding that persists keeps the time it was first found.
 */

/**
 * A visit's stored findings as compared: their codes, and one text of them all (`findingsKey`),
 * computed the same way by the database and here.
 */
export interface StoredFindings {
  codes: string[];
  key: string;
}

/** The comparison text of a visit's findings: "code|severity|params" by code, joined by ";". */
export function findingsKey(findings: readonly { code: string; severity: string; params: Record<string, string | number> }[]): string {
  return [...findings]
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((f) => `${f.code}|${f.severity}|${jsonbText(f.params)}`)
    .join(';');
}

/** The same text in SQL, over `visit_findings f` grouped by visit. */
export const FINDINGS_KEY_SQL = sql.raw(`string_agg(f.code || '|' || f.severity || '|' || f.params::text, ';' order by f.code collate "C")`);
export const FINDINGS_CODES_SQL = sql.raw(`string_agg(f.code, ',' order by f.code collate "C")`);

/** A visit's stored findings as read (built once: zod compiles each schema's parser on its first use). */
const storedFindingsRow = z.object({ v: z.string(), codes: z.string(), fkey: z.string() });

/** The stored findings of the managers' visits of the month, by visit. */
export async function loadStoredFindings(db: DbOrTx, w: MonthWindow, managerIds: readonly string[], options: ReadOptions = {}): Promise<Map<string, StoredFindings>> {
  if (managerIds.length === 0) return new Map();
  const found = await decodedReader(options)(
    db,
    storedFindingsRow,
    sql`
      select f.visit_id as v, ${FINDINGS_CODES_SQL} as codes, ${FINDINGS_KEY_SQL} as fkey
        from visit_findings f join visit_reports v on v.id = f.visit_id
       where v.manager_id = any(${uuidArray(managerIds)})
         and v.visited_at >= ${w.start.toISOString()}::timestamptz and v.visited_at < ${w.end.toISOString()}::timestamptz
       group by 1`,
  );
  return new Map(found.map((r) => [r.v, { codes: r.codes.split(','), key: r.fkey }]));
}

export interface FindingsDiff {
  /** (visit, code) pairs no longer found. */
  removed: { visitId: string; code: string }[];
  /** The findings of visits whose findings changed (all of them: an unchanged one is rewritten as it was). */
  upserted: { visitId: string; finding: Finding }[];
}

/** What to write so the stored findings of these visits become `fresh` (pure). */
export function diffFindings(fresh: ReadonlyMap<string, readonly Finding[]>, stored: ReadonlyMap<string, StoredFindings>): FindingsDiff {
  const removed: FindingsDiff['removed'] = [];
  const upserted: FindingsDiff['upserted'] = [];
  for (const [visitId, findings] of fresh) {
    const before = stored.get(visitId);
    if ((before?.key ?? '') === findingsKey(findings)) continue;
    const now = new Set<string>(findings.map((f) => f.code));
    for (const code of before?.codes ?? []) if (!now.has(code)) removed.push({ visitId, code });
    for (const finding of findings) upserted.push({ visitId, finding });
  }
  return { removed, upserted };
}

/**
 * Writes the differences; the returned promise is already running (see insertJson). `deferred`:
 * into the transaction's staging tables (deferFindings), written by flushDeferredFindings.
 */
export function writeFindings(tx: DbOrTx, diff: FindingsDiff, now: Date, options: { deferred?: boolean } = {}): Promise<unknown> {
  const at = now.toISOString();
  const removed = insertJson(
    tx,
    diff.removed.map((r) => ({ v: r.visitId, c: r.code })),
    (x) =>
      options.deferred
        ? sql`insert into deferred_gone_findings (visit_id, code) select s.v, s.c from jsonb_to_recordset(${x}) as s(v uuid, c text)`
        : sql`delete from visit_findings f using jsonb_to_recordset(${x}) as s(v uuid, c text) where f.visit_id = s.v and f.code = s.c`,
  );
  const upserted = insertJson(
    tx,
    diff.upserted.map((u) => ({ v: u.visitId, c: u.finding.code, s: u.finding.severity, p: u.finding.params })),
    (x) => sql`
      insert into ${options.deferred ? sql`deferred_findings` : sql`visit_findings`} (visit_id, code, severity, params, first_found_at, evaluated_at)
      select s.v, s.c, s.s, s.p, ${at}::timestamptz, ${at}::timestamptz from jsonb_to_recordset(${x}) as s(v uuid, c text, s text, p jsonb)
      ${options.deferred ? sql`` : UPSERT_FINDING}`,
  );
  return Promise.all([removed, upserted]);
}

const UPSERT_FINDING = sql`on conflict (visit_id, code) do update set severity = excluded.severity, params = excluded.params, evaluated_at = excluded.evaluated_at`;

/**
 * A month close writes a million findings. Written chunk by chunk, each chunk's rows land all over
 * the key (visit ids are random), so every chunk touches most of its pages again; collected in
 * staging tables instead and written once at the end in key order, each page is touched once.
 * The tables live until the transaction ends.
 */
export async function deferFindings(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`
    create temporary table deferred_findings on commit drop as
    select visit_id, code, severity, params, first_found_at, evaluated_at from visit_findings with no data`);
  await tx.execute(sql`create temporary table deferred_gone_findings (visit_id uuid not null, code text not null) on commit drop`);
}

/** Writes what writeFindings deferred (a visit's finding is either gone or upserted, never both). */
export async function flushDeferredFindings(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`delete from visit_findings f using deferred_gone_findings g where f.visit_id = g.visit_id and f.code = g.code`);
  await tx.execute(sql`
    insert into visit_findings (visit_id, code, severity, params, first_found_at, evaluated_at)
    select visit_id, code, severity, params, first_found_at, evaluated_at from deferred_findings order by visit_id, code
    ${UPSERT_FINDING}`);
  await tx.execute(sql`truncate deferred_findings, deferred_gone_findings`);
}
