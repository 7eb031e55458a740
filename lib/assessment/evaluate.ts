import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import { buildVisitFacts, INSIDER_PHONES_SQL, insiderPhones, loadContactsLastMonth, loadMonthVisits, type MonthVisit } from '@/lib/checks/facts';
import { loadCustomerFacts, type CustomerFacts } from '@/lib/coverage/customer-facts';
import { evaluateVisit, type Finding } from '@/lib/checks/rules';
import { deferFindings, diffFindings, flushDeferredFindings, loadStoredFindings, writeFindings, type FindingsDiff, type StoredFindings } from '@/lib/checks/store';
import { env } from '@/lib/platform/config/env';
import { loadClaimPeriods, loadEarlierOnSiteVisits } from '@/lib/coverage/load';
import { countedCustomers, evaluateCoverage, type ClaimPeriod, type CountedVisit } from '@/lib/coverage/rules';
import { desiredMonthEntries, ledgerDelta, type ExistingEntry } from '@/lib/points/rules';
import { addNotifications } from '@/lib/notifications/store';
import { verdictPublications } from '@/lib/verdicts/publications';
import { appendLedgerEntries, loadLedgerSums, type LedgerRow } from '@/lib/points/store';
import { loadVerdictInputs, type VerdictInputs } from '@/lib/verdicts/load';
import { decideVerdict, isHeldBackfillVerdict, type Verdict } from '@/lib/verdicts/rules';
import { backfillHeld } from '@/lib/visits/backfill-rules';
import { appendVerdictVersions, deferVerdictVersions, flushDeferredVerdictVersions, verdictChanged, type NewVerdictVersion, type VerdictCause } from '@/lib/verdicts/store';
import { isMonth, monthOf, type Month } from '@/lib/platform/time/zone';
import { ValidationError } from '@/lib/platform/core/errors';
import { storedRates, withSpotChecks, type ManagerAssessment } from './figures';
import { loadSpotCheckCounts } from '@/lib/spot-checks/reports';
import { hasSpotChecks, type SpotCheckCounts } from '@/lib/spot-checks/report-rules';
import { scoreAndGrade } from './grade';
import { ASSESSMENT_POLICY_KEYS, assessmentPoliciesOf, checkPolicyOn, loadAssessmentPolicies, type AssessmentPolicies } from './policies';
import { lockManagerMonth } from '@/lib/assessment/locks';
import { column, decodedPreparedRows, decodedReader, preparedRows, textArray, uuidArray, type ReadOptions } from '@/lib/platform/core/sql';
import { loadStagedCustomers, loadStagedEarlierOnSite, loadStagedLastContacts, loadStagedLedger, loadStagedVisits } from './stage';
import { LocalClock, monthWindow, type MonthWindow } from '@/lib/platform/time/month-window';
import { markChangedSinceClose } from '@/lib/visits/queries';

/**
 * The evaluation of managers' months: data checks → findings, verdicts, coverage, points. One code
 * path serves the real-time re-evaluation after a report or a callback result (one manager-month)
 * and the month close (every manager, chunk by chunk): load a chunk's facts in a few set-based
 * queries, decide with the pure rules, then write only what changed — findings replaced per
 * visit, a verdict version when a verdict changed, ledger deltas — in the caller's transaction.
 */

export interface EvaluationRun {
  window: MonthWindow;
  clock: LocalClock;
  /** A month close reads visits from its staged copy of the month (see stage.ts). */
  staged: boolean;
  now: Date;
  /** DOMAIN rule 7 zeroes a month's points for a coverage failure only once the month is over. */
  monthOver: boolean;
  policies: AssessmentPolicies;
  insiders: Set<string>;
  /**
   * The loads as prepared statements (decodedPreparedRows): the real-time re-evaluation of one
   * manager's month, whose statements are the same few texts each time; never a close's chunks.
   */
  prepared?: boolean;
  source: {
    cause: VerdictCause;
    causeId: string | null;
    decidedBy: string | null;
    ledgerSource: 'close' | 'recompute';
    ledgerSourceId: string | null;
  };
}

type RunOptions = { now: Date; timeZone?: string; monthOver?: boolean; staged?: boolean; source: EvaluationRun['source'] };

/** What a run loads its chunks with (loadChunk): all of the run but its policies and insiders. */
export type ChunkLoad = Pick<EvaluationRun, 'window' | 'clock' | 'staged' | 'prepared'>;

function runOf(month: Month, options: RunOptions): Omit<EvaluationRun, 'policies' | 'insiders'> {
  const window = monthWindow(month, options.timeZone ?? env().APP_TIMEZONE);
  return {
    window,
    clock: new LocalClock(window),
    staged: options.staged ?? false,
    now: options.now,
    monthOver: options.monthOver ?? options.now.getTime() >= window.end.getTime(),
    source: options.source,
  };
}

export async function prepareRun(db: DbOrTx, month: Month, options: RunOptions): Promise<EvaluationRun> {
  const [policies, insiders] = await Promise.all([loadAssessmentPolicies(db), insiderPhones(db)]);
  return { ...runOf(month, options), policies, insiders };
}

const referencesRow = z.object({
  versions: z.array(z.object({ key: z.string(), version: z.number(), effectiveFrom: z.string(), value: z.record(z.string(), z.unknown()) })),
  phones: z.array(z.string()),
});

/**
 * The policies and insiders' phones a run reads (as prepareRun reads them: loadAssessmentPolicies,
 * insiderPhones), in one prepared statement: the real-time re-evaluation reads them each time, so
 * a change by staff counts from the next evaluation on.
 */
export async function loadRunReferences(db: DbOrTx): Promise<Pick<EvaluationRun, 'policies' | 'insiders'>> {
  const [found] = await decodedPreparedRows(
    db,
    referencesRow,
    sql`
      select (select coalesce(json_agg(json_build_object('key', p.key, 'version', p.version, 'effectiveFrom', p.effective_from, 'value', p.value)), '[]')
                from policy_versions p where p.key = any(${textArray(ASSESSMENT_POLICY_KEYS)})) as versions,
             (select coalesce(array_agg(i.phone), '{}') from (${INSIDER_PHONES_SQL}) i) as phones`,
  );
  return { policies: assessmentPoliciesOf(found.versions), insiders: new Set(found.phones) };
}

/** Everything a chunk of managers' month is decided from. */
export interface ChunkData {
  managerIds: readonly string[];
  units: Map<string, string | null>;
  visits: MonthVisit[];
  customers: Map<string, CustomerFacts>;
  contactsLastMonth: Map<string, Set<string>>;
  storedFindings: Map<string, StoredFindings>;
  verdictInputs: Map<string, VerdictInputs>;
  claims: Map<string, ClaimPeriod[]>;
  earlierOnSite: Map<string, CountedVisit[]>;
  ledger: Map<string, ExistingEntry[]>;
  /** The managers' spot checks of the month (拜访到位率), from spot_checks and penalty_ledger; none: not checked. */
  spotChecks: Map<string, SpotCheckCounts>;
}

// Row schemas built once: zod compiles each schema's parser on its first use.
const unitRow = z.object({ id: z.string(), unitId: z.string().nullable() });

export async function loadChunk(db: DbOrTx, run: ChunkLoad, managerIds: readonly string[]): Promise<ChunkData> {
  const w = run.window;
  const read: ReadOptions = { prepared: run.prepared };
  const units = decodedReader(read)(db, unitRow, sql`select id, unit_id as "unitId" from users where id = any(${uuidArray(managerIds)})`);
  const claims = loadClaimPeriods(db, w, managerIds, read);
  // Few rows a month (one per checked manager-day): read straight, staged or not.
  const spotChecks = loadSpotCheckCounts(db, { months: [w.month], managerIds }, read).then((found) => new Map(found.map(({ managerId, month: _month, ...c }) => [managerId, c])));
  if (run.staged) {
    const [u, staged, customers, contactsLastMonth, c, earlierOnSite, l, sc] = await Promise.all([
      units,
      loadStagedVisits(db, managerIds, run.clock),
      loadStagedCustomers(db, w, managerIds),
      loadStagedLastContacts(db, managerIds),
      claims,
      loadStagedEarlierOnSite(db, managerIds),
      loadStagedLedger(db, managerIds),
      spotChecks,
    ]);
    return { managerIds, units: new Map(u.map((x) => [x.id, x.unitId])), ...staged, customers, contactsLastMonth, claims: c, earlierOnSite, ledger: l, spotChecks: sc };
  }
  const [u, visits, customers, contactsLastMonth, storedFindings, verdictInputs, c, earlierOnSite, l, sc] = await Promise.all([
    units,
    loadMonthVisits(db, w, managerIds, run.clock, read),
    loadCustomerFacts(db, w, managerIds, read),
    loadContactsLastMonth(db, w, managerIds, read),
    loadStoredFindings(db, w, managerIds, read),
    loadVerdictInputs(db, w, managerIds, read),
    claims,
    loadEarlierOnSiteVisits(db, w, managerIds, read),
    loadLedgerSums(db, w.month, managerIds, read),
    spotChecks,
  ]);
  return { managerIds, units: new Map(u.map((x) => [x.id, x.unitId])), visits, customers, contactsLastMonth, storedFindings, verdictInputs, claims: c, earlierOnSite, ledger: l, spotChecks: sc };
}

/** What a chunk's evaluation writes, and each manager's month in figures. */
export interface ChunkPlan {
  findings: FindingsDiff;
  verdicts: NewVerdictVersion[];
  ledger: LedgerRow[];
  managers: (ManagerAssessment & { assessed: boolean })[];
}

/** Decides a chunk with the pure rules (no I/O). */
export function planChunk(run: EvaluationRun, data: ChunkData): ChunkPlan {
  const w = run.window;
  const assessmentPolicy = run.policies.assessment.at(w.lastDay).value;
  const byManager = new Map<string, MonthVisit[]>();
  for (const id of data.managerIds) byManager.set(id, []);
  for (const v of data.visits) byManager.get(v.managerId)?.push(v);

  const freshFindings = new Map<string, Finding[]>();
  const verdicts: NewVerdictVersion[] = [];
  const ledger: LedgerRow[] = [];
  const managers: ChunkPlan['managers'] = [];

  for (const managerId of data.managerIds) {
    // A 超期补报 held back (pending or rejected) counts for nothing — not in the checks, coverage,
    // points or figures of the month; only its verdict says why (lib/visits/backfill-rules.ts).
    const visits: MonthVisit[] = [];
    const held: MonthVisit[] = [];
    for (const v of byManager.get(managerId)!) (backfillHeld(data.verdictInputs.get(v.id)?.backfill) ? held : visits).push(v);
    const claims = data.claims.get(managerId) ?? [];
    const facts = buildVisitFacts(visits, data.customers, data.contactsLastMonth, claims);
    const decided = new Map<string, Verdict>();
    let late = 0;
    let sampled = 0;
    const counts = { valid: 0, invalid: 0, unverified: 0, pending: 0 };
    const invalidVisits = new Map<string, string[]>();
    const countedVisits: CountedVisit[] = [...(data.earlierOnSite.get(managerId) ?? [])];

    facts.forEach((f, i) => {
      const visit = visits[i];
      const inputs = data.verdictInputs.get(visit.id);
      const checked = evaluateVisit(f, checkPolicyOn(run.policies, visit.day), w.timeZone, run.insiders);
      // A finding waived by an overturned dispute is gone for good: not shown, not counted.
      const waived = inputs?.waivedFindings ?? [];
      const findings = waived.length === 0 ? checked : checked.filter((x) => !waived.includes(x.code));
      freshFindings.set(visit.id, findings);
      if (findings.some((x) => x.code === 'late_report')) late++;
      if (inputs?.sampled) sampled++;
      const verdict = decideVerdict({
        sampled: inputs?.sampled,
        callback: inputs?.callback,
        findings,
        threshold: run.policies.scoring.at(inputs?.scoredDay ?? visit.day).value.validThreshold,
        overturnedBy: inputs?.overturnedBy,
        exclusion: inputs?.exclusion,
      });
      decided.set(visit.id, verdict);
      counts[verdict.status]++;
      if (verdictChanged(inputs?.latest, verdict)) {
        verdicts.push({
          visitId: visit.id,
          managerId,
          month: w.month,
          version: (inputs?.latest?.version ?? 0) + 1,
          verdict,
          findings,
          cause: run.source.cause,
          causeId: run.source.causeId,
        });
      }
      if (verdict.status === 'invalid') {
        const list = invalidVisits.get(visit.customerId) ?? [];
        list.push(visit.id);
        invalidVisits.set(visit.customerId, list);
      }
      // Coverage counts valid, unverified and pending visits; invalid ones do not.
      countedVisits.push({ customerId: visit.customerId, type: visit.type, visitedAt: visit.visitedAt, counts: verdict.status !== 'invalid' });
    });
    for (const visit of held) {
      const inputs = data.verdictInputs.get(visit.id);
      const verdict = decideVerdict({ sampled: inputs?.sampled, callback: inputs?.callback, findings: [], threshold: 0, backfill: inputs?.backfill });
      freshFindings.set(visit.id, []);
      if (verdictChanged(inputs?.latest, verdict)) {
        verdicts.push({ visitId: visit.id, managerId, month: w.month, version: (inputs?.latest?.version ?? 0) + 1, verdict, findings: [], cause: run.source.cause, causeId: run.source.causeId });
      }
    }

    const counted = countedCustomers(claims, w.month, w.timeZone, assessmentPolicy.minClaimedDays);
    const customers = counted.map((customerId) => ({ customerId, customerClass: data.customers.get(customerId)?.customerClass ?? 'D' }));
    const coverage = evaluateCoverage({ month: w.month, timeZone: w.timeZone, customers, visits: countedVisits });
    const desired = desiredMonthEntries({
      customers,
      invalidVisits,
      coverageFailed: run.monthOver && coverage.failed,
      policy: { basePoints: assessmentPolicy.basePoints, deductionPerInvalid: assessmentPolicy.deductionPerInvalid },
    });
    for (const e of ledgerDelta(desired, data.ledger.get(managerId) ?? [])) {
      ledger.push({ ...e, managerId, month: w.month, sourceType: run.source.ledgerSource, sourceId: run.source.ledgerSourceId });
    }
    const points = desired.reduce((n, e) => n + e.points, 0);
    const measured = { coverageRequired: coverage.required, coverageDone: coverage.done, valid: counts.valid, invalid: counts.invalid, reports: visits.length, lateReports: late };
    const { score, grade } = scoreAndGrade(measured, assessmentPolicy.weights, assessmentPolicy.gradeBands);
    const spot = data.spotChecks.get(managerId);
    managers.push({
      managerId,
      unitId: data.units.get(managerId) ?? null,
      // A manager spot-checked in the month is in its assessment, whatever else they did.
      assessed: counted.length > 0 || visits.length > 0 || (spot !== undefined && hasSpotChecks(spot)),
      // The spot checks' figures beside (拜访到位率): they take no part in the score.
      figures: withSpotChecks({
        claimedCustomers: counted.length,
        required: coverage.required,
        done: coverage.done,
        coverageFailed: coverage.failed ? 1 : 0,
        visits: visits.length,
        late,
        sampled,
        ...counts,
        // Null when not measured (lib/assessment/rates.ts), never 1 for "nothing to measure".
        ...storedRates({ required: coverage.required, done: coverage.done, valid: counts.valid, invalid: counts.invalid, visits: visits.length, late }),
        points,
      }, spot),
      gaps: coverage.customers.flatMap((c) => c.gaps.map((requirement) => ({ customerId: c.customerId, requirement }))),
      score,
      grade,
    });
  }
  return { findings: diffFindings(freshFindings, data.storedFindings), verdicts, ledger, managers };
}

export interface WriteCounts {
  findings: number;
  verdicts: number;
  ledgerEntries: number;
}

/**
 * Sends a chunk's writes (findings, verdict versions, ledger entries) and returns their counts at
 * once with the promise of the writes, already running: the close decides the next chunk while
 * PostgreSQL writes this one. A staged run (a whole month) defers its findings and verdict
 * versions to the end of its evaluation (deferWrites, flushDeferredWrites).
 */
export function writeChunk(tx: DbOrTx, run: EvaluationRun, plan: ChunkPlan): { counts: WriteCounts; done: Promise<unknown> } {
  const counts = { findings: plan.findings.removed.length + plan.findings.upserted.length, verdicts: plan.verdicts.length, ledgerEntries: plan.ledger.length };
  const deferred = run.staged;
  const done = Promise.all([
    writeFindings(tx, plan.findings, run.now, { deferred }),
    appendVerdictVersions(tx, plan.verdicts, { now: run.now, decidedBy: run.source.decidedBy, deferred }),
    appendLedgerEntries(tx, plan.ledger, run.now),
    addNotifications(tx, verdictPublications(plan.verdicts, run.source.cause), run.now),
  ]);
  return { counts, done };
}

/** Staging tables for a whole month's findings and verdict versions (see deferFindings, deferVerdictVersions). */
export async function deferWrites(tx: DbOrTx): Promise<void> {
  await deferFindings(tx);
  await deferVerdictVersions(tx);
}

/** Writes what the chunks of a staged run deferred; before anything reads the month's verdicts or findings again. */
export async function flushDeferredWrites(tx: DbOrTx): Promise<void> {
  await flushDeferredFindings(tx);
  await flushDeferredVerdictVersions(tx);
}

export interface ManagerMonthResult extends WriteCounts {
  managerId: string;
  month: Month;
  assessment: ManagerAssessment & { assessed: boolean };
}

/**
 * Re-evaluates one manager's month in one transaction (under its locks): findings, verdicts and
 * the month's ledger entries. A closed month that changed is marked "changed since close".
 */
export async function evaluateManagerMonth(
  db: Db,
  args: { managerId: string; month: string },
  options: { now?: Date; timeZone?: string; cause?: VerdictCause; causeId?: string | null } = {},
): Promise<ManagerMonthResult> {
  if (!isMonth(args.month)) throw ValidationError.field('month', 'assessment.monthInvalid', { month: args.month });
  return db.transaction((tx) => evaluateManagerMonthIn(tx, args, options));
}

/**
 * The same, in the caller's transaction (a dispute decision re-evaluates with its own change, so
 * both commit or neither): takes the manager-month locks, which the transaction holds to its end.
 * `decidedBy` is the person whose decision caused the evaluation (recorded on new verdict versions).
 */
export async function evaluateManagerMonthIn(
  tx: DbOrTx,
  args: { managerId: string; month: string },
  options: { now?: Date; timeZone?: string; cause?: VerdictCause; causeId?: string | null; decidedBy?: string | null } = {},
): Promise<ManagerMonthResult> {
  if (!isMonth(args.month)) throw ValidationError.field('month', 'assessment.monthInvalid', { month: args.month });
  const now = options.now ?? new Date();
  // The policies and insiders need no lock: read while the locks are taken. Every statement is
  // prepared, and the month's loads go out together once the locks are held (nothing is read
  // before them: a writer holding the manager-month commits before these reads begin).
  const references = loadRunReferences(tx);
  references.catch(() => {});
  await Promise.all([customPlans(tx), lockManagerMonth(tx, args.managerId, args.month, { prepared: true })]);
  const base = {
    ...runOf(args.month, {
      now,
      timeZone: options.timeZone,
      source: {
        cause: options.cause ?? 'evaluation',
        causeId: options.causeId ?? null,
        decidedBy: options.decidedBy ?? null,
        ledgerSource: 'recompute',
        ledgerSourceId: options.causeId ?? null,
      },
    }),
    prepared: true,
  };
  const [data, refs] = await Promise.all([loadChunk(tx, base, [args.managerId]), references]);
  const run: EvaluationRun = { ...base, ...refs };
  const plan = planChunk(run, data);
  const { counts: written, done } = writeChunk(tx, run, plan);
  await done;
  // A held 超期补报's verdict changes none of the month's figures: alone, it leaves a closed month as closed.
  const countingVerdicts = written.verdicts - plan.verdicts.filter((v) => isHeldBackfillVerdict(v.verdict)).length;
  if (written.findings + countingVerdicts + written.ledgerEntries > 0) await markChangedSinceClose(tx, args.month, now);
  return { managerId: args.managerId, month: args.month, ...written, assessment: plan.managers[0] };
}

/**
 * Plans each prepared statement for its values, as an unnamed statement always is: a generic plan
 * of `manager_id = any($1)` cannot see that $1 holds one manager, and PostgreSQL would settle on
 * one after five runs that reads the whole month of visit_reports through its visited_at index
 * (1 ms instead of 0.05 on a bench of 4,000 visits; a province's month in production). Preparing
 * still saves the parse and a round trip. To the end of the transaction (a dispute decision's
 * later statements are planned the same way, with the same results).
 */
async function customPlans(tx: DbOrTx): Promise<void> {
  await preparedRows(tx, sql`select set_config('plan_cache_mode', 'force_custom_plan', true)`);
}

/**
 * A visit was reported, or its callback or sampling moved on: re-evaluate its manager's month —
 * and the next month too once it has begun, since this month's contacts decide next month's
 * "same contact two months running". A visit gone missing is skipped (null).
 */
const visitManagerRow = z.object({ managerId: z.string(), visitedAt: column.instant });

export async function evaluateForVisit(
  db: Db,
  visitId: string,
  options: { now?: Date; timeZone?: string; cause?: VerdictCause; causeId?: string | null } = {},
): Promise<ManagerMonthResult[] | null> {
  const timeZone = options.timeZone ?? env().APP_TIMEZONE;
  const [visit] = await decodedPreparedRows(
    db,
    visitManagerRow,
    sql`select manager_id as "managerId", visited_at as "visitedAt" from visit_reports where id = ${visitId}::uuid`,
  );
  if (!visit) return null;
  const now = options.now ?? new Date();
  const month = monthOf(new Date(visit.visitedAt), timeZone);
  const results = [await evaluateManagerMonth(db, { managerId: visit.managerId, month }, { ...options, now, timeZone })];
  const next = monthWindow(month, timeZone).end;
  if (now.getTime() >= next.getTime()) {
    results.push(await evaluateManagerMonth(db, { managerId: visit.managerId, month: monthOf(next, timeZone) }, { ...options, now, timeZone }));
  }
  return results;
}
