import type { DbOrTx } from '@/db/client';
import { assertRole, seesEverything } from '@/lib/auth/guards';
import { addDays } from '@/lib/calling/calendar';
import { CALL_OUTCOMES } from '@/lib/calling/outcomes';
import { callingPolicyFromRow } from '@/lib/callbacks/policy';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { parseInput } from '@/lib/platform/core/parse-input';
import { monthWindow } from '@/lib/platform/time/month-window';
import { monthOf, monthRange } from '@/lib/platform/time/zone';
import { policyInForce } from '@/lib/policy/policies';
import { AAPOR_DISPOSITIONS, aaporRates, dispositionCounts, type AaporRates, type DispositionCounts } from './aapor';
import { callbackRate, deadlinesByDay, timeliness, type CallbackRate, type Timeliness } from './callback-rules';
import { planCompletion, recordCompleteness, REQUIRED_REPORT_FIELDS, reportsOnTime, type RecordCompleteness } from './manager-rules';
import { productivity, type Productivity } from './productivity-rules';
import { agentErrorRate, recheckDisagreement, satisfaction, type Satisfaction } from './quality-rules';
// The month's figures from the worker's pre-aggregates (daily-queries.ts; the same counts as queries.ts's raw-row loaders).
import { EMPTY_COHORT, loadCohort, loadManagerSide, loadProductivity, type CohortOptions } from './daily-queries';
import { exists, loadCallingVersions, loadManagerNames, loadNames, type CohortRow, type Level, type Period, type RatingRow } from './queries';
import type { Rate } from './rate';
import { callbackIndicatorsInput, managerIndicatorsInput, type CallbackIndicatorsInput, type ManagerIndicatorsInput } from './schemas';

/**
 * The callback department's indicators for a month (客户回访考核制度, 客户拜访考核方案;
 * docs/INDICATORS.md): verbs a dashboard, an export or the monthly review call. Every figure is a
 * Rate with the counts it is made of, null when nothing was there to measure.
 *
 * Who sees what: staff and admin everything, any unit or agent; an agent the department's totals
 * and their own row; a supervisor their unit's managers' side (getManagerIndicators); managers
 * neither.
 */

export interface AaporFigures extends AaporRates {
  counts: DispositionCounts;
}

export interface QualityFigures {
  satisfaction: Satisfaction;
  /** Disputes overturned on a call / verdict-bearing callbacks. */
  agentErrors: Rate;
  /** Re-callbacks whose result differs from the first callback's / those compared. */
  recheckDisagreement: Rate;
}

export interface CallbackFigures {
  /** 回访率. */
  callbackRate: CallbackRate;
  aapor: AaporFigures;
  timeliness: Timeliness;
  quality: QualityFigures;
}

export interface AgentFigures {
  agentId: string;
  name: string;
  username: string;
  /** The callbacks of the month this agent finished (recorded the final attempt of). */
  finished: { closed: number; unreachable: number };
  aapor: AaporFigures;
  /** Of the callbacks the agent finished: sampled → final result, and those filed after the deadline. */
  timeliness: Timeliness;
  quality: QualityFigures;
  productivity: Productivity;
}

/** The one outcome → AAPOR table, to show beside the figures. */
export const AAPOR_MAPPING = CALL_OUTCOMES.map((outcome) => ({ outcome, ...AAPOR_DISPOSITIONS[outcome] }));

function periodOf(ctx: Ctx, month: string | undefined): Period {
  const timeZone = env().APP_TIMEZONE;
  const m = month ?? monthOf(ctx.now(), timeZone);
  return periodOfMonth(m, timeZone);
}

export function periodOfMonth(month: string, timeZone: string): Period {
  return { month, ...monthRange(month, timeZone), timeZone };
}

/**
 * The working days a callback of the month has to its final result: the 'agentAssessment' policy's
 * deadlineWorkingDays in force on the month's last day (a month is assessed under the rules of its
 * last day, as the managers' assessment is).
 */
export async function deadlineWorkingDaysOf(db: DbOrTx, period: Period): Promise<number> {
  return (await policyInForce(db, 'agentAssessment', monthWindow(period.month, period.timeZone).lastDay)).value.deadlineWorkingDays;
}

/** The local days of a month, 'YYYY-MM-DD'. */
function daysOf(month: string): string[] {
  const days: string[] = [];
  for (let day = `${month}-01`; day.startsWith(month); day = addDays(day, 1)) days.push(day);
  return days;
}

/** Each day's deadline, by the calling calendar in force that day (the policy is versioned). */
export async function deadlinesOf(db: DbOrTx, period: Period, workingDays: number) {
  const versions = await loadCallingVersions(db);
  const calendarOn = (day: string) => callingPolicyFromRow(versions.filter((v) => v.effectiveFrom <= day).at(-1) ?? null).calendar;
  return deadlinesByDay(daysOf(period.month), calendarOn, workingDays, period.timeZone);
}


function aaporOf(c: Omit<CohortRow, 'level' | 'key'>): AaporFigures {
  const counts = dispositionCounts(c.outcomes);
  return { counts, ...aaporRates(counts) };
}

function timelinessOf(c: Omit<CohortRow, 'level' | 'key'>): Timeliness {
  return timeliness({
    firstAttemptSeconds: { median: c.firstAttemptP50, p90: c.firstAttemptP90 },
    finalSeconds: { median: c.finalP50, p90: c.finalP90 },
    withinDeadline: c.withinDeadline,
    finishedLate: c.finishedLate,
    openOverdue: c.openOverdue,
  });
}

function qualityOf(c: Omit<CohortRow, 'level' | 'key'>, ratings: readonly RatingRow[]): QualityFigures {
  return {
    satisfaction: satisfaction(Object.fromEntries(ratings.map((r) => [r.rating, r.answers]))),
    agentErrors: agentErrorRate(c.overturnedOnCall, c.verdictBearing),
    recheckDisagreement: recheckDisagreement(c.recheckDisagreeing, c.recheckCompared),
  };
}

function figuresOf(c: Omit<CohortRow, 'level' | 'key'>, ratings: readonly RatingRow[]): CallbackFigures {
  return { callbackRate: callbackRate(c), aapor: aaporOf(c), timeliness: timelinessOf(c), quality: qualityOf(c, ratings) };
}

/**
 * Each list's rows by level and then key, built once: a department's 10,000 managers look theirs
 * up, not filter the list each (nor build a string key per row).
 */
const indexes = new WeakMap<readonly object[], Map<Level, Map<string | null, object[]>>>();
function indexOf<T extends { level: Level; key: string | null }>(list: readonly T[]): Map<Level, Map<string | null, T[]>> {
  let index = indexes.get(list) as Map<Level, Map<string | null, T[]>> | undefined;
  if (!index) {
    index = new Map();
    for (const r of list) {
      let byKey = index.get(r.level);
      if (!byKey) index.set(r.level, (byKey = new Map()));
      const found = byKey.get(r.key);
      if (found) found.push(r);
      else byKey.set(r.key, [r]);
    }
    indexes.set(list, index);
  }
  return index;
}
const at = <T extends { level: Level; key: string | null }>(list: readonly T[], level: Level, key: string | null = null): T[] => indexOf(list).get(level)?.get(key) ?? [];
/** The keys of a level in the lists, each once, in the order they first come. */
const keysOf = (level: Level, ...lists: readonly (readonly { level: Level; key: string | null }[])[]): string[] => [
  ...new Set(lists.flatMap((list) => [...(indexOf(list).get(level)?.keys() ?? [])] as string[])),
];

/** Names in Chinese (pinyin) order, as localeCompare(…, 'zh-CN') orders them, with one collator (a department sorts 10,000 managers). */
const byChinese = new Intl.Collator('zh-CN').compare;

/**
 * The callback work of a month: 回访率 (with its split by customer class), AAPOR rates, timeliness
 * and quality for the department (or one unit), each unit, each agent (with productivity) and each
 * script version (satisfaction). `agentId` keeps one agent's row. `options.percentiles: false`, for
 * a page that shows no median or 90th percentile (the staff dashboard, the desk strip): those are
 * null, every count and rate the same; `options.levels`, for a page that shows fewer levels (the
 * staff dashboard: no customer class): the others are empty; `options.satisfaction: false`, for a
 * page that shows no satisfaction (the staff dashboard, the desk strip): the rating answers are not
 * read, every satisfaction reads as nobody answered; `options.funnel`, for a page that shows the
 * month's funnel (the staff dashboard): `funnel` is counted with the rest (null otherwise).
 */
export async function getCallbackIndicators({
  ctx,
  input = {},
  options = {},
}: {
  ctx: Ctx;
  input?: CallbackIndicatorsInput;
  options?: Omit<CohortOptions, 'ratings'> & { satisfaction?: boolean };
}) {
  assertRole(ctx.actor, 'staff', 'admin', 'agent');
  const f = parseInput(callbackIndicatorsInput, input);
  const everything = seesEverything(ctx.actor);
  // An agent reads the department's totals and their own row: another agent or a unit is not there for them.
  if (!everything && (f.unitId || (f.agentId && f.agentId !== ctx.actor.id))) throw new NotFoundError();
  const agentId = everything ? (f.agentId ?? null) : ctx.actor.id;
  const unitId = everything ? (f.unitId ?? null) : null;
  if (unitId && !(await exists(ctx.db, { unitId }))) throw new NotFoundError();
  if (agentId && everything && !(await exists(ctx.db, { userId: agentId, role: 'agent' }))) throw new NotFoundError();
  const period = periodOf(ctx, f.month);
  const workingDays = f.deadlineWorkingDays ?? (await deadlineWorkingDaysOf(ctx.db, period));
  const now = ctx.now();

  const deadlines = await deadlinesOf(ctx.db, period, workingDays);
  const filter = { period, unitId };
  const [{ cohort, ratings, funnel }, work] = await Promise.all([
    // An agent reads the department's totals and their own row: no unit or class level.
    loadCohort(ctx.db, filter, deadlines, now, 'aggregates', {
      ...options,
      ...(everything ? {} : { levels: ['all', 'agent'] }),
      ratings: options.satisfaction !== false,
    }),
    loadProductivity(ctx.db, period, agentId),
  ]);

  // Every agent with a figure (a finished callback, a rated result or work in the month); the one
  // asked for always, so an agent's own row is there on a month they have not worked yet.
  const agentIds = agentId
    ? [agentId]
    : [...new Set([...cohort, ...ratings].filter((r) => r.level === 'agent').map((r) => r.key!).concat(work.map((w) => w.agentId)))];
  const unitIds = everything ? cohort.filter((r) => r.level === 'unit').map((r) => r.key!) : [];
  const versionIds = everything ? [...new Set(ratings.filter((r) => r.level === 'scriptVersion').map((r) => r.key!))] : [];
  const names = await loadNames(ctx.db, { units: unitIds, users: agentIds, scriptVersions: versionIds });

  const byAgent: AgentFigures[] = agentIds
    .map((id) => {
      const c = at(cohort, 'agent', id)[0] ?? EMPTY_COHORT;
      const w = work.find((x) => x.agentId === id);
      const user = names.users.get(id);
      return {
        agentId: id,
        name: user?.name ?? '',
        username: user?.username ?? '',
        finished: { closed: c.closed, unreachable: c.unreachable },
        aapor: aaporOf(c),
        timeliness: timelinessOf(c),
        quality: qualityOf(c, at(ratings, 'agent', id)),
        productivity: productivity(w ?? { calls: 0, dutySeconds: 0, answeredCalls: 0, talkSeconds: 0, wrapUps: 0, wrapUpSeconds: 0, outcomes: {} }),
      };
    })
    .sort((a, b) => byChinese(a.name, b.name) || a.username.localeCompare(b.username));

  const all = at(cohort, 'all')[0] ?? EMPTY_COHORT;
  return {
    month: period.month,
    asOf: now,
    unitId,
    agentId,
    deadlineWorkingDays: workingDays,
    aaporMapping: AAPOR_MAPPING,
    /** The funnel of the department's (or the unit's) callbacks, with `options.funnel`; null otherwise. */
    funnel,
    /** The department (all units), or the unit asked for. */
    department: figuresOf(all, at(ratings, 'all')),
    byClass: everything
      ? (['A', 'B', 'C', 'D'] as const).map((customerClass) => ({ customerClass, callbackRate: callbackRate(at(cohort, 'class', customerClass)[0] ?? EMPTY_COHORT) }))
      : [],
    byUnit: unitIds
      .map((id) => ({ unitId: id, unitName: names.units.get(id)?.name ?? '', figures: figuresOf(at(cohort, 'unit', id)[0], at(ratings, 'unit', id)) }))
      .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN')),
    byAgent,
    byScriptVersion: versionIds
      .map((id) => {
        const v = names.scriptVersions.get(id);
        return { scriptVersionId: id, scriptName: v?.name ?? '', version: v?.version ?? 0, satisfaction: satisfaction(Object.fromEntries(at(ratings, 'scriptVersion', id).map((r) => [r.rating, r.answers]))) };
      })
      .sort((a, b) => a.scriptName.localeCompare(b.scriptName, 'zh-CN') || a.version - b.version),
  };
}
export type CallbackIndicators = Awaited<ReturnType<typeof getCallbackIndicators>>;

export interface ManagerSideFigures {
  /** Planned visits done / planned visits (approved plans of the month). */
  planCompletion: Rate;
  recordCompleteness: RecordCompleteness;
  /** Reports filed within the reporting deadline / reports. */
  reportsOnTime: Rate;
}

/**
 * The managers' side of a month: plan completion, record completeness and timeliness of reports,
 * for the department (or one unit), each unit and each manager. A supervisor reads their own unit
 * (another unit reads as not found); staff and admin any.
 */
export async function getManagerIndicators({ ctx, input = {} }: { ctx: Ctx; input?: ManagerIndicatorsInput }) {
  assertRole(ctx.actor, 'staff', 'admin', 'supervisor');
  const f = parseInput(managerIndicatorsInput, input);
  const everything = seesEverything(ctx.actor);
  if (!everything && f.unitId && f.unitId !== ctx.actor.unitId) throw new NotFoundError();
  const period = periodOf(ctx, f.month);
  const unitId = everything ? (f.unitId ?? null) : ctx.actor.unitId;
  if (everything && unitId && !(await exists(ctx.db, { unitId }))) throw new NotFoundError();
  // A supervisor without a unit has no managers to read.
  const none = !everything && !unitId;
  const [{ reports, plans }, names] = await Promise.all([
    none ? { reports: [], plans: [] } : loadManagerSide(ctx.db, period, unitId),
    none ? { units: new Map<string, never>(), users: new Map<string, never>() } : loadManagerNames(ctx.db, unitId),
  ]);

  const figures = (level: Level, key: string | null): ManagerSideFigures => {
    const groups = at(reports, level, key);
    const plan = at(plans, level, key)[0];
    const late = groups.reduce((n, g) => n + g.late, 0);
    const completeness = recordCompleteness(groups);
    return { planCompletion: planCompletion(plan?.done ?? 0, plan?.planned ?? 0), recordCompleteness: completeness, reportsOnTime: reportsOnTime(late, completeness.reports) };
  };
  const managerIds = keysOf('manager', reports, plans);
  const unitIds = everything && !unitId ? keysOf('unit', reports, plans) : [];
  return {
    month: period.month,
    unitId,
    requiredReportFields: REQUIRED_REPORT_FIELDS,
    /** The department, or the unit asked for (a supervisor's own). */
    total: figures('all', null),
    byUnit: unitIds
      .map((id) => ({ unitId: id, unitName: names.units.get(id)?.name ?? '', figures: figures('unit', id) }))
      .sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN')),
    byManager: managerIds
      .map((id) => {
        const u = names.users.get(id);
        return { managerId: id, name: u?.name ?? '', username: u?.username ?? '', unitId: u?.unitId ?? null, figures: figures('manager', id) };
      })
      .sort((a, b) => byChinese(a.name, b.name) || a.username.localeCompare(b.username)),
  };
}
export type ManagerIndicators = Awaited<ReturnType<typeof getManagerIndicators>>;
