import { sql } from 'drizzle-orm';
import type { Job } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { evaluateManagerMonth } from '@/lib/assessment/evaluate';
import type { JobName, JobPayload } from '@/lib/platform/jobs/registry';
import { processors } from '@/workers/processors';
import { monthEvaluations, sharedEvaluation } from '@/workers/processors/assessment';
import { CLOSE_AT, makeAssessmentWorld, MONTH } from '../support/assessment';
import { testDb } from '../support/worker-setup';

/**
 * The worker's re-evaluations of a manager-month are shared (workers/processors/assessment.ts,
 * lib/assessment/coalesce.ts): jobs that ask together get one evaluation, which decides as each
 * would alone, and jobs run side by side leave the months as jobs run one by one do.
 */
let db: Db;
beforeEach(async () => {
  db = (await testDb()).db;
});

const job = { updateProgress: async () => {} } as unknown as Job;
function run<N extends JobName>(name: N, payload: JobPayload<N>): Promise<unknown> {
  return (processors[name] as (p: JobPayload<N>, j: Job) => Promise<unknown>)(payload, job);
}

/** Everything an evaluation writes, as text. */
async function written(): Promise<string> {
  const tables = ['visit_findings', 'visit_verdicts', 'points_ledger', 'notifications'];
  const out: string[] = [];
  for (const t of tables) {
    out.push(t, JSON.stringify(await db.execute(sql.raw(`select count(*)::int as n from ${t}`))));
  }
  return out.join('\n');
}

describe("the worker's shared re-evaluations", () => {
  it('requests of one manager-month made together share one evaluation, which decides as one alone does', async () => {
    const w = await makeAssessmentWorld(db);
    const before = monthEvaluations.started;
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => sharedEvaluation(db, { managerId: w.m1.id, month: MONTH }, { now: CLOSE_AT, cause: 'callback', causeId: `callback-test-${i}` })),
    );
    expect(monthEvaluations.started - before).toBe(1);
    for (const r of results) expect(r).toEqual(results[0]);
    expect(results[0].verdicts).toBeGreaterThan(0);
    // Nothing left for an evaluation of its own to do.
    const alone = await evaluateManagerMonth(db, { managerId: w.m1.id, month: MONTH }, { now: CLOSE_AT, cause: 'callback' });
    expect(alone).toMatchObject({ findings: 0, verdicts: 0, ledgerEntries: 0 });
    expect(alone.assessment).toEqual(results[0].assessment);
    expect(monthEvaluations.size).toBe(0);
  });

  it('verdicts.visit jobs run side by side leave every month as one by one does: none of them finds anything left to write', { timeout: 60_000 }, async () => {
    const w = await makeAssessmentWorld(db);
    const visits = Object.values(w.visits);
    const first = (await Promise.all(visits.map((v) => run('verdicts.visit', { visitId: v.id, event: `callback-${v.id}-1` })))) as { verdicts: number }[][];
    expect(first.flat().reduce((n, r) => n + r.verdicts, 0)).toBeGreaterThan(0);
    const state = await written();
    for (const v of visits) {
      const again = (await run('verdicts.visit', { visitId: v.id, event: `callback-${v.id}-2` })) as { findings: number; verdicts: number; ledgerEntries: number }[];
      for (const r of again) expect(r).toMatchObject({ findings: 0, verdicts: 0, ledgerEntries: 0 });
    }
    expect(await written()).toBe(state);
    expect(monthEvaluations.size).toBe(0);
  });
});
