import { TZDate } from '@date-fns/tz';
import { sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { createCallbackTasks, scheduleDueTimers, type CreatedCallback, type NewCallback } from '@/lib/callbacks/create';
import { env } from '@/lib/platform/config/env';
import { ValidationError } from '@/lib/platform/core/errors';
import { policyInForce, type PolicyInForce } from '@/lib/policy/policies';
import { dayOf, isMonth, monthRange, type Month } from '@/lib/platform/time/zone';
import { requestVerdictsForVisits, type VerdictRequest } from '@/lib/visits/verdict-triggers';
import { decideManagerMonth, REASONS, type DecisionInput, type TopUp, type VisitFacts } from './rules';
import { chunkManagers } from '@/lib/platform/core/chunks';
import {
  applyTopUps,
  decisionsStoredBefore,
  customersWithoutPhone,
  insertDecisions,
  loadStoredDecisions,
  loadVisits,
  lockManagers,
  managersToSample,
  managersWithInvalidLastMonth,
  waitingFirstAttempts,
  type DecisionRow,
  type LoadedVisit,
  type StoredDecision,
} from './store';

/**
 * Sampling verbs. Both paths — real time (a visit was reported: `sampleVisit`) and the catch-up
 * batch (`sampleMonth`, daily and from the CLI) — decide through `sampleManagers`: under a
 * per-manager lock, decide every undecided visit of those manager-months with the pure
 * rules, store one decision per visit and create the callbacks of sampled ones in the same
 * transaction, then (after commit) add their due timers. So both give the same result, and a
 * re-run or a crash between chunks decides nothing twice and creates no second callback.
 */

export type DecidedBy = 'realtime' | 'batch';

export interface SampleStats {
  managers: number;
  /** Decisions stored now (one per visit, ever). */
  decided: number;
  /** Visits sampled now: by rate, flag or top-up (including stored decisions topped up). */
  sampled: number;
  /** Decisions stored now that exclude the visit (too old, no contact phone). */
  excluded: number;
  toppedUp: number;
  callbacksCreated: number;
}

const emptyStats = (): SampleStats => ({ managers: 0, decided: 0, sampled: 0, excluded: 0, toppedUp: 0, callbacksCreated: 0 });

function addStats(into: SampleStats, more: SampleStats): void {
  for (const key of Object.keys(into) as (keyof SampleStats)[]) into[key] += more[key];
}

/** The sampling policy version in force per local day, looked up once per day per run. */
class PolicyByDay {
  private readonly cache = new Map<string, Promise<PolicyInForce<'sampling'>>>();
  constructor(private readonly db: DbOrTx) {}
  get(day: string): Promise<PolicyInForce<'sampling'>> {
    let p = this.cache.get(day);
    if (!p) {
      p = policyInForce(this.db, 'sampling', day);
      this.cache.set(day, p);
    }
    return p;
  }
}

interface MonthRun {
  month: Month;
  start: Date;
  end: Date;
  timeZone: string;
  now: Date;
  decidedBy: DecidedBy;
  /** The minimum per manager (policy in force on the month's last day) once the month is over; else null. */
  topUpMinimum: number | null;
  policies: PolicyByDay;
  /** The local day ('YYYY-MM-DD') of an instant in the month. */
  dayOf: (at: Date) => string;
  /** Managers with an invalid visit last month; undefined = look them up inside the transaction. */
  invalidLastMonth?: Set<string>;
  /** Customers nobody can be called at; undefined = look them up inside the transaction. */
  customersWithoutPhone?: Set<string>;
  /** Seconds per phase, summed over chunks (the bench prints them). */
  timings: Record<'lock' | 'load' | 'decide' | 'decisions' | 'tasks' | 'commit', number>;
}

function stopwatch() {
  let last = process.hrtime.bigint();
  return () => {
    const now = process.hrtime.bigint();
    const seconds = Number(now - last) / 1e9;
    last = now;
    return seconds;
  };
}

function assertMonth(month: string): asserts month is Month {
  if (!isMonth(month)) throw ValidationError.field('month', 'sampling.monthInvalid', { month });
}

async function prepareRun(db: DbOrTx, month: Month, options: { now?: Date; decidedBy: DecidedBy; timeZone?: string }): Promise<MonthRun> {
  const timeZone = options.timeZone ?? env().APP_TIMEZONE;
  const now = options.now ?? new Date();
  const { start, end } = monthRange(month, timeZone);
  const policies = new PolicyByDay(db);
  const lastDay = new Date(end.getTime() - 1);
  const closed = now.getTime() >= end.getTime();
  const topUpMinimum = closed ? (await policies.get(dayOf(lastDay, timeZone))).value.minPerManagerMonth : null;
  return { month, start, end, timeZone, now, decidedBy: options.decidedBy, topUpMinimum, policies, dayOf: dayFinder(month, timeZone), timings: { lock: 0, load: 0, decide: 0, decisions: 0, tasks: 0, commit: 0 } };
}

/** Local midnights of each day of a month, to find a visit's day (and so its policy version) fast. */
function monthDays(month: Month, timeZone: string): { day: string; startMs: number }[] {
  const [y, m] = month.split('-').map(Number);
  const days: { day: string; startMs: number }[] = [];
  for (let d = 1; d <= 31; d++) {
    const start = new TZDate(y, m - 1, d, timeZone);
    if (start.getMonth() !== m - 1) break;
    days.push({ day: `${month}-${String(d).padStart(2, '0')}`, startMs: start.getTime() });
  }
  return days;
}

function dayFinder(month: Month, timeZone: string): (at: Date) => string {
  const days = monthDays(month, timeZone);
  return (at) => {
    const t = at.getTime();
    let lo = 0;
    let hi = days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (days[mid].startMs <= t) lo = mid;
      else hi = mid - 1;
    }
    return days[lo].day;
  };
}

/**
 * Decides the given managers' month in one transaction and returns the callbacks created (their
 * timers are the caller's to add after commit) and the verdict re-evaluations the new decisions
 * call for — one per manager-month touched (each evaluates the whole manager-month), also the
 * caller's to request after commit.
 */
async function sampleManagers(
  db: Db,
  run: MonthRun,
  managerIds: readonly string[],
): Promise<{ stats: SampleStats; created: CreatedCallback[]; verdicts: VerdictRequest[] }> {
  const lap = stopwatch();
  const t = run.timings;
  const result = await db.transaction(async (tx) => {
    await lockManagers(tx, managerIds);
    t.lock += lap();
    const [visits, stored, invalid] = await Promise.all([
      loadVisits(tx, { managerIds, start: run.start, end: run.end, undecidedOnly: { month: run.month }, customersWithoutPhone: run.customersWithoutPhone }),
      run.topUpMinimum === null ? [] : loadStoredDecisions(tx, { managerIds, month: run.month }),
      run.invalidLastMonth ?? managersWithInvalidLastMonth(tx, run.month, { managerIds, timeZone: run.timeZone }),
    ]);
    t.load += lap();
    const dayOfVisit = new Map(visits.map((v) => [v.visitId, run.dayOf(v.visitedAt)]));
    const days = [...new Set(dayOfVisit.values())];
    const policies = new Map(await Promise.all(days.map(async (d) => [d, await run.policies.get(d)] as const)));

    const byManager = new Map<string, { undecided: LoadedVisit[]; stored: StoredDecision[] }>();
    const group = (managerId: string) => {
      let g = byManager.get(managerId);
      if (!g) byManager.set(managerId, (g = { undecided: [], stored: [] }));
      return g;
    };
    for (const v of visits) group(v.managerId).undecided.push(v);
    for (const d of stored) group(d.managerId).stored.push(d);
    const facts = new Map<string, LoadedVisit>([...visits.map((v) => [v.visitId, v] as const), ...stored.map((d) => [d.visitId, d.visit] as const)]);

    const rows: DecisionRow[] = [];
    const flips: TopUp[] = [];
    for (const [managerId, g] of byManager) {
      const invalidLastMonth = invalid.has(managerId);
      const inputFor = (v: VisitFacts): DecisionInput => {
        const p = policies.get(dayOfVisit.get(v.visitId)!)!;
        return { policy: p.value, policyVersion: p.version, invalidLastMonth, now: run.now };
      };
      const result = decideManagerMonth({ undecided: g.undecided, existing: g.stored, inputFor, topUpMinimum: run.topUpMinimum });
      for (const d of result.decisions) rows.push({ ...d, managerId, month: run.month });
      flips.push(...result.flips);
    }

    t.decide += lap();
    const storedNow = await insertDecisions(tx, rows, run.decidedBy, run.now);
    // Every writer holds the manager lock, so all are stored now — unless a decision was kept
    // under another manager or month (say, after a time-zone change): those stay as they were.
    const keptBefore = storedNow === rows.length ? null : await decisionsStoredBefore(tx, rows, run.now);
    const flipped = await applyTopUps(tx, flips, REASONS.topUp, run.decidedBy, run.now);
    t.decisions += lap();

    const stats = emptyStats();
    stats.managers = managerIds.length;
    const toCall: NewCallback[] = [];
    const callFor = (visitId: string) => {
      const v = facts.get(visitId)!;
      toCall.push({ visitId, customerId: v.customerId, managerId: v.managerId, unitId: v.unitId, customerClass: v.customerClass, visitedAt: v.visitedAt });
    };
    for (const d of rows) {
      if (keptBefore?.has(d.visitId)) continue;
      stats.decided++;
      if (!d.eligible) stats.excluded++;
      if (d.reasonCode === REASONS.topUp) stats.toppedUp++;
      if (d.sampled) {
        stats.sampled++;
        callFor(d.visitId);
      }
    }
    for (const visitId of flipped) {
      stats.sampled++;
      stats.toppedUp++;
      callFor(visitId);
    }
    const created = await createCallbackTasks(tx, toCall, run.now);
    stats.callbacksCreated = created.length;
    t.tasks += lap();
    return { stats, created, verdicts: verdictsFor(rows, keptBefore, flipped, (visitId) => facts.get(visitId)!.managerId) };
  });
  t.commit += lap();
  return result;
}

/**
 * One verdict re-evaluation per manager whose decisions changed now, named after a visit decided
 * (event 'sampled') or topped up (event 'toppedUp') now: a visit is decided once and topped up at
 * most once, so the event is unique per happening (the job id is per visit and event).
 */
function verdictsFor(
  rows: readonly DecisionRow[],
  keptBefore: Set<string> | null,
  flipped: Set<string>,
  managerOf: (visitId: string) => string,
): VerdictRequest[] {
  const byManager = new Map<string, VerdictRequest>();
  for (const d of rows) {
    if (keptBefore?.has(d.visitId) || byManager.has(d.managerId)) continue;
    byManager.set(d.managerId, { visitId: d.visitId, event: 'sampled' });
  }
  for (const visitId of flipped) {
    const managerId = managerOf(visitId);
    if (!byManager.has(managerId)) byManager.set(managerId, { visitId, event: 'toppedUp' });
  }
  return [...byManager.values()];
}

/**
 * Real time: decides the undecided visits of one manager's month (the one a new visit falls in)
 * and adds the new callbacks' due timers after commit.
 */
export async function sampleManagerMonth(
  db: Db,
  args: { managerId: string; month: string },
  options: { now?: Date; decidedBy?: DecidedBy; timeZone?: string } = {},
): Promise<SampleStats> {
  assertMonth(args.month);
  const run = await prepareRun(db, args.month, { ...options, decidedBy: options.decidedBy ?? 'realtime' });
  const { stats, created, verdicts } = await sampleManagers(db, run, [args.managerId]);
  await scheduleDueTimers(created, run.now.getTime());
  await requestVerdictsForVisits(verdicts, 'sampling');
  return stats;
}

/** The real-time path's entry: a visit was reported (or imported). A visit gone missing is skipped. */
export async function sampleVisit(db: Db, visitId: string, options: { now?: Date; timeZone?: string } = {}): Promise<SampleStats | null> {
  const timeZone = options.timeZone ?? env().APP_TIMEZONE;
  const [visit] = (await db.execute(sql`
    select manager_id as "managerId", to_char(visited_at at time zone ${timeZone}, 'YYYY-MM') as month from visit_reports where id = ${visitId}::uuid
  `)) as unknown as { managerId: string; month: string }[];
  if (!visit) return null;
  return sampleManagerMonth(db, visit, { ...options, decidedBy: 'realtime' });
}

export interface SampleMonthOptions {
  now?: Date;
  timeZone?: string;
  /** At most this many managers per chunk (one transaction each). */
  chunkManagers?: number;
  /** A chunk closes once it holds this many visits (at least one manager per chunk). */
  chunkVisits?: number;
  /** Pause between chunks, to lighten the load on a busy database. */
  pauseMs?: number;
  /** Chunks in progress at once (default 2: one in PostgreSQL while another's timers go to Redis). */
  concurrency?: number;
  onChunk?: (progress: { chunk: number; chunks: number; stats: SampleStats }) => void;
}

export interface SampleMonthResult extends SampleStats {
  month: Month;
  chunks: number;
  /** Due timers added again for callbacks still waiting for their first attempt (crash recovery). */
  timersRestored: number;
  /** Seconds spent adding due timers to Redis (the bench compares it with raw addBulk). */
  enqueueSeconds: number;
  /** True once the month is over: the per-manager minimum was applied. */
  topUpApplied: boolean;
  /** Seconds per phase of the database work, summed over chunks. */
  timings: MonthRun['timings'];
}

/**
 * The catch-up batch: decides every undecided visit of a month, manager chunk by manager chunk,
 * each chunk one transaction. Killed at any point, it has lost nothing (committed chunks keep their
 * decisions and callbacks; timers of callbacks committed without them are restored at the next
 * start) and a restart duplicates nothing. Chunks touch disjoint managers, so two run at once.
 */
export async function sampleMonth(db: Db, month: string, options: SampleMonthOptions = {}): Promise<SampleMonthResult> {
  assertMonth(month);
  const run = await prepareRun(db, month, { ...options, decidedBy: 'batch' });
  const maxManagers = Math.max(1, options.chunkManagers ?? 5000);
  // Large chunks: each touches the month's visit pages once for its foreign-key checks, so fewer
  // chunks touch fewer pages; 125,000 visits keep two chunks in flight under a gigabyte.
  const chunkVisits = Math.max(1, options.chunkVisits ?? 125_000);
  // Wall time during which at least one enqueue was in flight (chunks may overlap).
  let enqueueSeconds = 0;
  let inFlight = 0;
  let busySince = 0n;
  const enqueue = async (tasks: CreatedCallback[]) => {
    if (inFlight++ === 0) busySince = process.hrtime.bigint();
    try {
      await scheduleDueTimers(tasks, run.now.getTime());
    } finally {
      if (--inFlight === 0) enqueueSeconds += Number(process.hrtime.bigint() - busySince) / 1e9;
    }
  };

  const waiting = await waitingFirstAttempts(db, { start: run.start, end: run.end });
  await enqueue(waiting);
  // Asked once for the whole run (both are small sets): a contact added meanwhile counts next run.
  run.invalidLastMonth = await managersWithInvalidLastMonth(db, month, { timeZone: run.timeZone });
  run.customersWithoutPhone = await customersWithoutPhone(db);

  const chunks = chunkManagers(await managersToSample(db, { start: run.start, end: run.end, topUpMinimum: run.topUpMinimum }), maxManagers, chunkVisits);

  // A few chunks at a time, each its own transaction: while one waits for PostgreSQL, another's
  // timers go to Redis and a third is decided in this process.
  const total = emptyStats();
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 2, chunks.length));
  let next = 0;
  let finished = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < chunks.length) {
      const i = next++;
      try {
        const { stats, created, verdicts } = await sampleManagers(db, run, chunks[i]);
        addStats(total, stats);
        if (created.length > 0) await enqueue(created);
        await requestVerdictsForVisits(verdicts, 'sampling');
      } catch (error) {
        failure ??= error;
        return;
      }
      options.onChunk?.({ chunk: ++finished, chunks: chunks.length, stats: { ...total } });
      if (options.pauseMs && next < chunks.length) await new Promise((r) => setTimeout(r, options.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure !== undefined) throw failure;
  return { ...total, month, chunks: chunks.length, timersRestored: waiting.length, enqueueSeconds, topUpApplied: run.topUpMinimum !== null, timings: run.timings };
}
