import { desc } from 'drizzle-orm';
import { z } from 'zod';
import { integrityRuns } from '@/db/schema';
import { monthSchema } from '@/lib/platform/time/month-window';
import { monthWindow } from '@/lib/platform/time/month-window';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { callbacksWithoutCall, inactiveHolders, monthsWithData, verdictsWithoutEvidence, waiversWithoutDecision } from './queries';
import { recomputeMonth } from './recompute';
import { addFound, countByRule, emptyCounts, sortProblems, totalProblems, type IntegrityInfo, type IntegrityProblem, type RuleCounts } from './rules';

/**
 * `audit-integrity`: checks every link of the evidence chain (rules.ts) over one month or all of
 * them, reads only, and stores the run (integrity_runs) — the CLI, the nightly job and the tests
 * call this one verb. Staff and admin only.
 */

export const auditIntegrityInput = z.object({
  month: monthSchema.optional(),
  trigger: z.enum(['cli', 'worker', 'staff', 'test']).default('cli'),
});
export type AuditIntegrityInput = z.input<typeof auditIntegrityInput>;

export interface IntegrityResult {
  runId: string;
  month: string | null;
  startedAt: Date;
  finishedAt: Date;
  clean: boolean;
  /** The real number of problems per rule (the list holds at most LISTED_PER_RULE of each). */
  counts: RuleCounts;
  problemCount: number;
  problems: IntegrityProblem[];
  info: IntegrityInfo;
}

export async function auditIntegrity({ ctx, input }: { ctx: Ctx; input: AuditIntegrityInput }): Promise<IntegrityResult> {
  assertRole(ctx.actor, 'staff', 'admin');
  const f = parseInput(auditIntegrityInput, input);
  const timeZone = env().APP_TIMEZONE;
  const startedAt = ctx.now();
  // The run's duration is measured on the wall clock even when ctx.now() is pinned (tests).
  const wall = Date.now();
  const window = f.month ? monthWindow(f.month, timeZone) : null;
  const scope = { window, timeZone };

  const into = { problems: [] as IntegrityProblem[], counts: emptyCounts() };
  const info: IntegrityInfo = { changedSinceClose: 0, pendingEvaluation: 0, manualAttempts: 0, monthsRecomputed: 0 };

  const [calls, holders, waivers, evidence] = await Promise.all([
    callbacksWithoutCall(ctx.db, scope),
    inactiveHolders(ctx.db, scope),
    waiversWithoutDecision(ctx.db, scope),
    verdictsWithoutEvidence(ctx.db, scope),
  ]);
  for (const found of [...calls.found, holders, ...waivers, evidence]) addFound(into, found.rule, found.problems, found.total);
  info.manualAttempts = calls.manualAttempts;

  // The costly part, month by month: each is a whole-month evaluation that writes nothing.
  const months = f.month ? [f.month] : await monthsWithData(ctx.db, timeZone);
  for (const month of months) {
    const r = await recomputeMonth(ctx.db, month, { now: startedAt, timeZone });
    addFound(into, 'ledgerMismatch', r.ledger);
    addFound(into, 'closedMonthDrift', r.drift);
    info.changedSinceClose += r.changedSinceClose;
    info.pendingEvaluation += r.pendingEvaluation;
  }
  info.monthsRecomputed = months.length;

  const problems = sortProblems(into.problems);
  const problemCount = totalProblems(into.counts);
  const finishedAt = new Date(startedAt.getTime() + (Date.now() - wall));
  const [run] = await ctx.db
    .insert(integrityRuns)
    .values({ month: f.month ?? null, trigger: f.trigger, actorId: ctx.actor.id, startedAt, finishedAt, problemCount, problems })
    .returning({ id: integrityRuns.id });
  return { runId: run.id, month: f.month ?? null, startedAt, finishedAt, clean: problemCount === 0, counts: into.counts, problemCount, problems, info };
}

export interface LastIntegrityRun {
  id: string;
  month: string | null;
  trigger: string;
  startedAt: Date;
  finishedAt: Date;
  problemCount: number;
  /** Counts of the listed problems by rule. */
  counts: RuleCounts;
  /** The stored list holds fewer than problemCount (at most LISTED_PER_RULE per rule). */
  truncated: boolean;
  problems: IntegrityProblem[];
}

/** The latest audit run, for the queue page (staff and admin). Null before the first run. */
export async function lastIntegrityRun({ ctx }: { ctx: Ctx }): Promise<LastIntegrityRun | null> {
  assertRole(ctx.actor, 'staff', 'admin');
  const [run] = await ctx.db.select().from(integrityRuns).orderBy(desc(integrityRuns.finishedAt)).limit(1);
  if (!run) return null;
  const problems = (run.problems ?? []) as IntegrityProblem[];
  return {
    id: run.id,
    month: run.month,
    trigger: run.trigger,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    problemCount: run.problemCount,
    counts: countByRule(problems),
    truncated: problems.length < run.problemCount,
    problems,
  };
}
