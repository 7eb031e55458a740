import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { insertJson } from '@/lib/platform/core/sql';
import type { Finding } from '@/lib/checks/rules';
import { verdictKey, type LatestVerdict } from './load';
import type { Verdict } from './rules';

/**
 * Verdict versions (visit_verdicts, append-only by trigger). A new version is appended only when
 * the verdict changed — its status, whether it is final, or its reasons — so re-evaluating an
 * unchanged month appends nothing. A final version is published to the manager when appended.
 */

export type VerdictCause = 'evaluation' | 'callback' | 'close' | 'dispute';

export interface NewVerdictVersion {
  visitId: string;
  managerId: string;
  month: string;
  version: number;
  verdict: Verdict;
  findings: readonly Finding[];
  cause: VerdictCause;
  causeId: string | null;
}

/** Whether the decided verdict differs from the one in force (pure). */
export function verdictChanged(latest: LatestVerdict | undefined, next: Verdict): boolean {
  return !latest || latest.key !== verdictKey(next);
}

const COLUMNS = sql.raw('visit_id, manager_id, month, version, status, final, reasons, findings, cause, cause_id, decided_by, decided_at, published_at');

/**
 * Appends the versions; the returned promise is already running (see insertJson). `deferred`:
 * into the transaction's staging table (deferVerdictVersions), appended by flushDeferredVerdictVersions.
 */
export function appendVerdictVersions(
  tx: DbOrTx,
  versions: readonly NewVerdictVersion[],
  options: { now: Date; decidedBy: string | null; deferred?: boolean },
): Promise<unknown> {
  const at = options.now.toISOString();
  return insertJson(
    tx,
    versions.map((x) => ({
      v: x.visitId,
      m: x.managerId,
      mo: x.month,
      n: x.version,
      s: x.verdict.status,
      f: x.verdict.final,
      r: x.verdict.reasons,
      fi: x.findings.map((f) => ({ code: f.code, severity: f.severity, params: f.params })),
      c: x.cause,
      ci: x.causeId,
    })),
    (src) => sql`
      insert into ${options.deferred ? sql`deferred_verdicts` : sql`visit_verdicts`} (${COLUMNS})
      select x.v, x.m, x.mo, x.n, x.s, x.f, x.r, x.fi, x.c, x.ci, ${options.decidedBy}::uuid, ${at}::timestamptz, case when x.f then ${at}::timestamptz end
        from jsonb_to_recordset(${src}) as x(v uuid, m uuid, mo text, n int, s text, f boolean, r jsonb, fi jsonb, c text, ci text)`,
  );
}

/**
 * A month close appends up to a million versions. Appended chunk by chunk, each chunk's rows land
 * all over the visit_id indexes (and visit_reports' key, which the foreign key checks), so every
 * chunk touches most of their pages again; collected in a staging table instead and appended once
 * at the end in visit order, each page is touched once. The table lives until the transaction ends.
 */
export async function deferVerdictVersions(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`create temporary table deferred_verdicts on commit drop as select ${COLUMNS} from visit_verdicts with no data`);
}

/** Appends what appendVerdictVersions deferred, in visit order (ids follow it; a visit gains one version). */
export async function flushDeferredVerdictVersions(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`insert into visit_verdicts (${COLUMNS}) select ${COLUMNS} from deferred_verdicts order by visit_id, version`);
  await tx.execute(sql`truncate deferred_verdicts`);
}
