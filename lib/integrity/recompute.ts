import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { loadChunk, planChunk, prepareRun, type ChunkData } from '@/lib/assessment/evaluate';
import { diffAssessments, type AssessmentFigures, type FigureChange, type ManagerAssessment } from '@/lib/assessment/figures';
import { flush, rows } from '@/lib/platform/core/sql';
import { managersOfMonth } from '@/lib/assessment/close';
import { stageMonth } from '@/lib/assessment/stage';
import { monthWindow, type MonthWindow } from '@/lib/platform/time/month-window';
import { chunkManagers } from '@/lib/platform/core/chunks';
import type { IntegrityProblem } from './rules';

/**
 * The ledger and close checks: the month evaluated again exactly as the close evaluates it (its
 * stage, `loadChunk`, `planChunk` — the pure rules that give each manager's verdicts, points and
 * figures), inside a transaction that is always rolled back, so nothing is written. What the
 * evaluation would append to the ledger is where the ledger disagrees with the verdicts in force;
 * its figures against the latest close's are where a closed month drifted.
 */

export interface MonthRecompute {
  month: string;
  ledger: IntegrityProblem[];
  drift: IntegrityProblem[];
  /** Managers differing from the close in a month the product already marks "changed since close". */
  changedSinceClose: number;
  /** Managers whose stored verdicts or findings are not what an evaluation now gives (awaiting it). */
  pendingEvaluation: number;
}

class RolledBack extends Error {}


interface StoredClose {
  version: number;
  changedSinceClose: boolean;
  assessments: Pick<ManagerAssessment, 'managerId' | 'figures' | 'score' | 'grade'>[];
}

async function latestClose(tx: DbOrTx, month: string): Promise<StoredClose | null> {
  const [close] = await rows<{ id: string; version: number; changed: boolean | null }>(
    tx,
    sql`select c.id, c.version, s.changed_since_close as changed from month_closes c left join month_status s on s.month = c.month
         where c.month = ${month} order by c.version desc limit 1`,
  );
  if (!close) return null;
  const assessments = await rows<{ managerId: string; figures: AssessmentFigures; score: number; grade: ManagerAssessment['grade'] }>(
    tx,
    sql`select manager_id as "managerId", figures, score, grade from month_assessments where close_id = ${close.id}::uuid`,
  );
  return { version: close.version, changedSinceClose: close.changed === true, assessments };
}

export async function recomputeMonth(db: DbOrTx, month: string, options: { now: Date; timeZone: string }): Promise<MonthRecompute> {
  const w = monthWindow(month, options.timeZone);
  let out: MonthRecompute | undefined;
  try {
    // One snapshot for the whole month; never blocks (nor waits for) real-time evaluations.
    await (db as Db).transaction(
      async (tx) => {
        out = await recomputeIn(tx, w, options.now);
        throw new RolledBack();
      },
      { isolationLevel: 'repeatable read' },
    );
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
  }
  return out!;
}

async function recomputeIn(tx: DbOrTx, w: MonthWindow, now: Date): Promise<MonthRecompute> {
  await tx.execute(sql`set local work_mem = '256MB'`);
  await stageMonth(tx, w);
  const run = await prepareRun(tx, w.month, {
    now,
    timeZone: w.timeZone,
    staged: true,
    source: { cause: 'evaluation', causeId: null, decidedBy: null, ledgerSource: 'recompute', ledgerSourceId: null },
  });
  const [managers, close, names] = await Promise.all([
    managersOfMonth(tx, w),
    latestClose(tx, w.month),
    rows<{ id: string; name: string }>(tx, sql`select id, display_name as name from users where role = 'manager'`),
  ]);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  const chunks = chunkManagers(managers, 1000, 40_000);

  const ledgerDiffs: { managerId: string; customerId: string | null; diff: number }[] = [];
  const ledgerSums = new Map<string, number>();
  const stale = new Set<string>();
  const fresh: Pick<ManagerAssessment, 'managerId' | 'figures' | 'score' | 'grade'>[] = [];

  // The next chunk's reads are sent before this one is decided, as the close does.
  const load = (i: number) => {
    const p = loadChunk(tx, run, chunks[i]);
    p.catch(() => {});
    return p;
  };
  let next: Promise<ChunkData> | undefined = chunks.length > 0 ? load(0) : undefined;
  for (let i = 0; i < chunks.length; i++) {
    const data = await next!;
    next = i + 1 < chunks.length ? load(i + 1) : undefined;
    await flush();
    const plan = planChunk(run, data);
    const managerOfVisit = new Map(data.visits.map((v) => [v.id, v.managerId]));
    for (const v of plan.verdicts) stale.add(v.managerId);
    for (const f of [...plan.findings.removed, ...plan.findings.upserted]) {
      const m = managerOfVisit.get(f.visitId);
      if (m) stale.add(m);
    }
    for (const e of plan.ledger) ledgerDiffs.push({ managerId: e.managerId, customerId: e.customerId, diff: e.points });
    for (const [managerId, entries] of data.ledger) {
      for (const e of entries) {
        const customerId = e.key.includes(':') ? e.key.slice(e.key.indexOf(':') + 1) : null;
        const k = `${managerId}|${customerId ?? ''}`;
        ledgerSums.set(k, (ledgerSums.get(k) ?? 0) + e.points);
      }
    }
    for (const m of plan.managers) if (m.assessed) fresh.push({ managerId: m.managerId, figures: m.figures, score: m.score, grade: m.grade });
  }

  // The ledger, per manager × customer (the month's coverage zeroing has no customer).
  const byKey = new Map<string, { managerId: string; customerId: string | null; diff: number }>();
  for (const d of ledgerDiffs) {
    if (stale.has(d.managerId)) continue; // its verdicts are about to change: judged after its evaluation
    const k = `${d.managerId}|${d.customerId ?? ''}`;
    const cur = byKey.get(k);
    if (cur) cur.diff += d.diff;
    else byKey.set(k, { ...d });
  }
  const customerIds = [...new Set([...byKey.values()].map((d) => d.customerId).filter((c): c is string => c !== null))];
  const customerNames = customerIds.length
    ? new Map(
        (await rows<{ id: string; name: string }>(tx, sql`select id, name from customers where id = any(${`{${customerIds.join(',')}}`}::uuid[])`)).map((c) => [c.id, c.name]),
      )
    : new Map<string, string>();
  const ledger: IntegrityProblem[] = [];
  for (const [k, d] of byKey) {
    if (d.diff === 0) continue;
    const inLedger = ledgerSums.get(k) ?? 0;
    ledger.push({
      rule: 'ledgerMismatch',
      entityType: 'ledger',
      entityId: `${d.managerId}:${d.customerId ?? 'coverage'}`,
      month: w.month,
      details: {
        managerId: d.managerId,
        manager: nameOf.get(d.managerId) ?? d.managerId,
        customerId: d.customerId,
        customer: d.customerId ? (customerNames.get(d.customerId) ?? d.customerId) : null,
        ledger: inLedger,
        expected: inLedger + d.diff,
      },
    });
  }

  // The close: the latest version's frozen figures against the fresh ones.
  const drift: IntegrityProblem[] = [];
  let changedSinceClose = 0;
  if (close) {
    const changes = diffAssessments(close.assessments, fresh);
    const byManager = new Map<string, FigureChange[]>();
    for (const c of changes) byManager.set(c.managerId, [...(byManager.get(c.managerId) ?? []), c]);
    if (close.changedSinceClose) changedSinceClose = byManager.size;
    else {
      for (const [managerId, list] of byManager) {
        drift.push({
          rule: 'closedMonthDrift',
          entityType: 'assessment',
          entityId: `${w.month}:${managerId}`,
          month: w.month,
          details: {
            managerId,
            manager: nameOf.get(managerId) ?? managerId,
            version: close.version,
            changes: list.map((c) => `${c.figure}|${String(c.old)}|${String(c.new)}`).join(';'),
          },
        });
      }
    }
  }
  return { month: w.month, ledger, drift, changedSinceClose, pendingEvaluation: stale.size };
}
