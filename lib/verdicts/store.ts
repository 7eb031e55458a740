import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { canonicalJson, viaStage } from '@/lib/assessment/sql';
import type { Finding } from '@/lib/checks/rules';
import type { LatestVerdict } from './load';
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
  if (!latest) return true;
  return latest.status !== next.status || latest.final !== next.final || canonicalJson(latest.reasons) !== canonicalJson(next.reasons);
}

export async function appendVerdictVersions(tx: DbOrTx, versions: readonly NewVerdictVersion[], options: { now: Date; decidedBy: string | null }): Promise<void> {
  if (versions.length === 0) return;
  const at = options.now.toISOString();
  await viaStage(
    tx,
    { name: 'verdict_stage', columns: 'v uuid, m uuid, mo text, n int, s text, f boolean, r jsonb, fi jsonb, c text, ci text' },
    versions.map((x) => [
      x.visitId,
      x.managerId,
      x.month,
      x.version,
      x.verdict.status,
      x.verdict.final,
      JSON.stringify(x.verdict.reasons),
      JSON.stringify(x.findings.map((f) => ({ code: f.code, severity: f.severity, params: f.params }))),
      x.cause,
      x.causeId,
    ]),
    () =>
      tx.execute(sql`
        insert into visit_verdicts (visit_id, manager_id, month, version, status, final, reasons, findings, cause, cause_id, decided_by, decided_at, published_at)
        select v, m, mo, n, s, f, r, fi, c, ci, ${options.decidedBy}::uuid, ${at}::timestamptz, case when f then ${at}::timestamptz end
          from verdict_stage order by v, n`),
  );
}
