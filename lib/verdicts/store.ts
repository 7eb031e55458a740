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

/** Appends the versions; the returned promise is already running (see insertJson). */
export function appendVerdictVersions(tx: DbOrTx, versions: readonly NewVerdictVersion[], options: { now: Date; decidedBy: string | null }): Promise<unknown> {
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
      insert into visit_verdicts (visit_id, manager_id, month, version, status, final, reasons, findings, cause, cause_id, decided_by, decided_at, published_at)
      select x.v, x.m, x.mo, x.n, x.s, x.f, x.r, x.fi, x.c, x.ci, ${options.decidedBy}::uuid, ${at}::timestamptz, case when x.f then ${at}::timestamptz end
        from jsonb_to_recordset(${src}) as x(v uuid, m uuid, mo text, n int, s text, f boolean, r jsonb, fi jsonb, c text, ci text)
       -- In index order: a close's batch of a chunk's visits then touches each page of the visit_id
       -- indexes (and of visit_reports' key, checked by the foreign key) once, not once per row.
       order by x.v, x.n`,
  );
}
