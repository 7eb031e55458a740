import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { monthCloses } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, ValidationError } from '@/lib/platform/core/errors';
import { dayOf, isMonth } from '@/lib/platform/time/zone';
import { isHeldBackfillVerdict } from '@/lib/verdicts/rules';
import { deferWrites, flushDeferredWrites, loadChunk, planChunk, prepareRun, writeChunk, type ChunkData, type EvaluationRun, type WriteCounts } from './evaluate';
import { markChangedSinceClose } from '@/lib/visits/queries';
import { AGENT_FIGURE_KEYS, computeAgentAssessments, type AgentAssessmentFigures } from '@/lib/indicators/agent-assessment';
import { diffAssessments, diffFigures, totalFigures, type AssessmentFigures, type FigureChange, type ManagerAssessment, type Totals } from './figures';
import { NO_GRADE } from './grade';
import { policiesOfMonth } from './policies';
import { closeMonthInput, type CloseMonthInput } from './schemas';
import { flush, insertJson, rows } from '@/lib/platform/core/sql';
import { lockMonthExclusive } from '@/lib/assessment/locks';
import { stageMonth } from './stage';
import { monthWindow, type MonthWindow } from '@/lib/platform/time/month-window';
import { chunkManagers } from '@/lib/platform/core/chunks';
import { parseInput } from '@/lib/platform/core/parse-input';

/**
 * 月结: closing a month. In one transaction, holding the month's lock (no real-time evaluation of
 * the month runs meanwhile): re-evaluate every manager's month chunk by chunk — findings, verdicts,
 * coverage, ledger deltas, through the same code as the real-time path — then freeze it: a new
 * version of the month (watermarks of what it saw, the policy versions it was assessed under,
 * totals), each manager's figures, score and grade, each callback agent's (坐席月度考核, computed
 * from the month's callbacks as they stand), and what changed since the previous version.
 * Fails → writes nothing. Closing again with nothing changed gives the same figures and an empty
 * list of changes.
 */

export interface CloseMonthOptions {
  timeZone?: string;
  /** A chunk holds at most this many managers, and closes once it holds this many visits. */
  chunkManagers?: number;
  chunkVisits?: number;
  onChunk?: (progress: { chunk: number; chunks: number }) => void;
}

export interface CloseResult {
  closeId: string;
  month: string;
  version: number;
  managers: number;
  changes: number;
  /** Agents assessed, and how many of their figures changed since the previous version. */
  agents: number;
  agentChanges: number;
  totals: Totals;
  written: WriteCounts;
  chunks: number;
  /** Seconds per phase (the bench prints them). */
  timings: { stage: number; load: number; plan: number; write: number; flush: number; freeze: number };
}

/**
 * Managers with something in the month: visits (from the stage), claims overlapping it, ledger
 * entries, or spot checks (a candidate day, or yuan on the penalty ledger). The close and the
 * integrity audit's re-computation pick the same managers.
 */
export async function managersOfMonth(db: DbOrTx, w: MonthWindow): Promise<{ managerId: string; visits: number }[]> {
  return rows(
    db,
    sql`
      select m as "managerId", sum(n)::int as visits from (
        select manager_id as m, count(*) as n from close_visits group by 1
        union all
        select distinct manager_id, 0 from claims
         where effective_from < ${w.end.toISOString()}::timestamptz and (effective_to is null or effective_to > ${w.start.toISOString()}::timestamptz)
        union all
        select distinct manager_id, 0 from points_ledger where month = ${w.month}
        union all
        select distinct manager_id, 0 from spot_checks where month = ${w.month} and selected
        union all
        select distinct manager_id, 0 from penalty_ledger where month = ${w.month}
      ) x group by m order by m`,
  );
}

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

export async function closeMonth({ ctx, input, options = {} }: { ctx: Ctx; input: CloseMonthInput; options?: CloseMonthOptions }): Promise<CloseResult> {
  assertRole(ctx.actor, 'staff', 'admin');
  const { month } = parseInput(closeMonthInput, input);
  const timeZone = options.timeZone ?? env().APP_TIMEZONE;
  const w = monthWindow(month, timeZone);
  const now = ctx.now();
  // A month in progress has no result yet: coverage, points and grades are for a whole month.
  if (now.getTime() < w.end.getTime()) throw new ConflictError('assessment.monthNotOver', { month });
  const closeId = randomUUID();
  const timings = { stage: 0, load: 0, plan: 0, write: 0, flush: 0, freeze: 0 };

  return ctx.db.transaction(async (tx) => {
    const run = await evaluateWholeMonth(tx, w, {
      now,
      monthOver: true,
      source: { cause: 'close', causeId: closeId, decidedBy: ctx.actor.id, ledgerSource: 'close', ledgerSourceId: closeId },
      options,
      timings,
    });
    const t = process.hrtime.bigint();
    const result = await freeze(tx, { ctx, w, closeId, now, assessed: run.assessed, policies: policiesOfMonth(run.policies, w) });
    timings.freeze += seconds(t);
    return { ...result, written: run.written, chunks: run.chunks, timings };
  });
}

/**
 * Evaluates every manager of a month in the caller's transaction, holding the month's lock:
 * stages the month (stage.ts), then chunk by chunk loads, decides and writes what changed. Shared
 * by the close and the daily catch-up evaluation.
 */
async function evaluateWholeMonth(
  tx: DbOrTx,
  w: MonthWindow,
  a: { now: Date; monthOver: boolean; source: EvaluationRun['source']; options: CloseMonthOptions; timings: CloseResult['timings'] },
): Promise<{ assessed: ManagerAssessment[]; written: WriteCounts; heldBackfillVerdicts: number; chunks: number; policies: EvaluationRun['policies'] }> {
  const { timings, options } = a;
  await lockMonthExclusive(tx, w.month);
  // The staging joins and sorts a month's rows in one pass: let them do it in memory.
  await tx.execute(sql`set local work_mem = '256MB'`);
  // Its statements are large but simple: compiling them (JIT) costs seconds and saves nothing.
  await tx.execute(sql`set local jit = off`);
  let t = process.hrtime.bigint();
  await stageMonth(tx, w);
  await deferWrites(tx);
  timings.stage += seconds(t);
  const run = await prepareRun(tx, w.month, { now: a.now, timeZone: w.timeZone, monthOver: a.monthOver, staged: true, source: a.source });
  const chunks = chunkManagers(await managersOfMonth(tx, w), options.chunkManagers ?? 1000, options.chunkVisits ?? 40_000);

  // Pipelined on the transaction's one connection, so PostgreSQL and this process work at the
  // same time: the next chunk's reads are sent before this chunk is decided, and this chunk's
  // writes are sent as it is decided — PostgreSQL reads and writes while the next is decided.
  const assessed: ManagerAssessment[] = [];
  const written: WriteCounts = { findings: 0, verdicts: 0, ledgerEntries: 0 };
  // Verdicts of held 超期补报: they change none of the month's figures.
  let heldBackfillVerdicts = 0;
  const outstanding: Promise<unknown>[] = [];
  const load = (i: number) => {
    const p = loadChunk(tx, run, chunks[i]);
    p.catch(() => {}); // awaited below; the first failure surfaces there and rolls everything back
    return p;
  };
  let next: Promise<ChunkData> | undefined = chunks.length > 0 ? load(0) : undefined;
  for (let i = 0; i < chunks.length; i++) {
    t = process.hrtime.bigint();
    const data = await next!;
    timings.load += seconds(t);
    next = i + 1 < chunks.length ? load(i + 1) : undefined;
    await flush();
    t = process.hrtime.bigint();
    const plan = planChunk(run, data);
    timings.plan += seconds(t);
    t = process.hrtime.bigint();
    const { counts, done } = writeChunk(tx, run, plan);
    done.catch(() => {});
    outstanding.push(done);
    // At most two chunks' writes in flight: their parameters are held in memory until sent.
    if (outstanding.length > 2) await outstanding.shift();
    timings.write += seconds(t);
    written.findings += counts.findings;
    written.verdicts += counts.verdicts;
    heldBackfillVerdicts += plan.verdicts.filter((v) => isHeldBackfillVerdict(v.verdict)).length;
    written.ledgerEntries += counts.ledgerEntries;
    for (const m of plan.managers) if (m.assessed) assessed.push({ managerId: m.managerId, unitId: m.unitId, figures: m.figures, gaps: m.gaps, score: m.score, grade: m.grade });
    options.onChunk?.({ chunk: i + 1, chunks: chunks.length });
  }
  t = process.hrtime.bigint();
  await Promise.all(outstanding);
  timings.write += seconds(t);
  t = process.hrtime.bigint();
  await flushDeferredWrites(tx);
  timings.flush += seconds(t);
  return { assessed, written, heldBackfillVerdicts, chunks: chunks.length, policies: run.policies };
}

export interface EvaluateMonthResult {
  month: string;
  managers: number;
  written: WriteCounts;
  chunks: number;
  timings: CloseResult['timings'];
}

/**
 * The catch-up evaluation of a whole month (daily, and before a close in the bench): the same
 * evaluation as the real-time job for every manager of the month, writing only what changed —
 * so a lost 'verdicts.visit' job is made up for within a day. Freezes nothing. A closed month
 * that changed is marked "changed since close".
 */
export async function evaluateMonth(db: Db, month: string, options: CloseMonthOptions & { now?: Date } = {}): Promise<EvaluateMonthResult> {
  if (!isMonth(month)) throw ValidationError.field('month', 'assessment.monthInvalid', { month });
  const w = monthWindow(month, options.timeZone ?? env().APP_TIMEZONE);
  const now = options.now ?? new Date();
  const timings = { stage: 0, load: 0, plan: 0, write: 0, flush: 0, freeze: 0 };
  return db.transaction(async (tx) => {
    const run = await evaluateWholeMonth(tx, w, {
      now,
      monthOver: now.getTime() >= w.end.getTime(),
      source: { cause: 'evaluation', causeId: `month-${dayOf(now, w.timeZone)}`, decidedBy: null, ledgerSource: 'recompute', ledgerSourceId: `month-${dayOf(now, w.timeZone)}` },
      options,
      timings,
    });
    // A held 超期补报's first verdict, written here by the catch-up, alone leaves a closed month as closed (as evaluateManagerMonthIn does).
    if (run.written.findings + run.written.verdicts - run.heldBackfillVerdicts + run.written.ledgerEntries > 0) await markChangedSinceClose(tx, month, now);
    return { month, managers: run.assessed.length, written: run.written, chunks: run.chunks, timings };
  });
}

async function freeze(
  tx: DbOrTx,
  a: { ctx: Ctx; w: MonthWindow; closeId: string; now: Date; assessed: ManagerAssessment[]; policies: Record<string, number> },
): Promise<Omit<CloseResult, 'written' | 'chunks' | 'timings'>> {
  const { w, closeId, now } = a;
  const [previous] = await rows<{ id: string; version: number; policies: Record<string, number> }>(
    tx,
    sql`select id, version, policies from month_closes where month = ${w.month} order by version desc limit 1`,
  );
  // Read as stored (a null score, NO_GRADE): diffAssessments compares them as they read.
  const before = previous
    ? await rows<{ managerId: string; figures: AssessmentFigures; score: number | string | null; grade: string }>(
        tx,
        sql`select manager_id as "managerId", figures, score, grade from month_assessments where close_id = ${previous.id}::uuid`,
      )
    : [];
  // A first close has nothing to compare with; its figures are the news.
  const changes: FigureChange[] = previous ? diffAssessments(before, a.assessed) : [];
  // The agents' month, under the 'agentAssessment' policy in force on the month's last day.
  const agentMonth = await computeAgentAssessments(tx, { month: w.month, timeZone: w.timeZone, now, source: 'rawRows' });
  const agentsBefore = previous
    ? await rows<{ id: string; figures: AgentAssessmentFigures; score: number | string | null; grade: string }>(
        tx,
        sql`select agent_id::text as id, figures, score, grade from agent_month_assessments where close_id = ${previous.id}::uuid`,
      )
    : [];
  // A previous close made before the agents were assessed has nothing of theirs to compare with.
  const agentChanges =
    previous && 'agentAssessment' in previous.policies
      ? diffFigures(
          agentsBefore,
          agentMonth.agents.map((x) => ({ id: x.agentId, figures: x.figures, score: x.score, grade: x.grade })),
          AGENT_FIGURE_KEYS,
        ).map(({ id, ...c }) => ({ agentId: id, ...c }))
      : [];
  const policies = { ...a.policies, agentAssessment: agentMonth.policy.version };
  const [{ verdicts, ledger }] = await rows<{ verdicts: number; ledger: number }>(
    tx,
    sql`select (select coalesce(max(id), 0) from visit_verdicts)::bigint as verdicts, (select coalesce(max(id), 0) from points_ledger)::bigint as ledger`,
  );
  const version = (previous?.version ?? 0) + 1;
  const totals = totalFigures(a.assessed);
  await tx.insert(monthCloses).values({
    id: closeId,
    month: w.month,
    version,
    closedBy: a.ctx.actor.id,
    closedAt: now,
    verdictWatermark: Number(verdicts),
    ledgerWatermark: Number(ledger),
    policies,
    changes,
    agentChanges,
    // Rates not measured and the average of nobody are null in the jsonb.
    totals: totals as Record<string, number>,
  });
  await insertJson(
    tx,
    a.assessed.map((m) => ({ m: m.managerId, u: m.unitId, f: m.figures, g: m.gaps, s: m.score, gr: m.grade ?? NO_GRADE })),
    // No score (样本不足): null, with the grade NO_GRADE.
    (x) => sql`
      insert into month_assessments (close_id, manager_id, unit_id, figures, gaps, score, grade)
      select ${closeId}::uuid, a.m, a.u, a.f, a.g, a.s, a.gr from jsonb_to_recordset(${x}) as a(m uuid, u uuid, f jsonb, g jsonb, s real, gr text)`,
  );
  await insertJson(
    tx,
    agentMonth.agents.map((x) => ({ a: x.agentId, f: x.figures, s: x.score, gr: x.grade ?? NO_GRADE })),
    (x) => sql`
      insert into agent_month_assessments (close_id, agent_id, figures, score, grade)
      select ${closeId}::uuid, a.a, a.f, a.s, a.gr from jsonb_to_recordset(${x}) as a(a uuid, f jsonb, s real, gr text)`,
  );
  await tx.execute(sql`
    insert into month_status (month, closed_version, changed_since_close, updated_at)
    values (${w.month}, ${version}, false, ${now.toISOString()}::timestamptz)
    on conflict (month) do update set closed_version = excluded.closed_version, changed_since_close = false, updated_at = excluded.updated_at`);
  await recordAudit(tx, {
    actorId: a.ctx.actor.id,
    action: 'month.closed',
    entityType: 'month',
    entityId: w.month,
    after: { closeId, version, managers: a.assessed.length, changes: changes.length, agents: agentMonth.agents.length, agentChanges: agentChanges.length, totals, policies },
  });
  return { closeId, month: w.month, version, managers: a.assessed.length, changes: changes.length, agents: agentMonth.agents.length, agentChanges: agentChanges.length, totals };
}
