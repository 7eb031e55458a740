import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { assertRole } from '@/lib/auth/guards';
import { addDays, instantAt, localDay } from '@/lib/calling/calendar';
import { callingPolicyAt } from '@/lib/callbacks/policy';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { rows, uuidArray } from '@/lib/platform/core/sql';
import { monthSchema } from '@/lib/platform/time/month-window';
import { monthOf, monthRange, shiftMonth } from '@/lib/platform/time/zone';
import { aaporRates, dispositionCounts } from './aapor';
import { callbackRate, type CallbackRate } from './callback-rules';
import { loadAgentsNow, loadCallbackMonths, loadCallsByHour, loadQueueNow, loadValidCounts } from './dashboard-queries';
import { getCallbackIndicators } from './indicators';
import { rate, type Rate } from './rate';
import type { Period } from './queries';

/**
 * 回访看板, the staff dashboard: today's queue and calls, the month's funnel and valid rate by unit,
 * the month against the six before it, and the worst performers first. Staff and admin only. Every
 * rate carries its counts and is null — 未测 — over nothing (docs/INDICATORS.md).
 */

export const staffDashboardInput = z.object({
  /** 'YYYY-MM'; the month in progress when not given. Today's figures are always today's. */
  month: z.preprocess((v) => (v === '' || v === null ? undefined : v), monthSchema.optional()),
});
export type StaffDashboardInput = z.input<typeof staffDashboardInput>;

/** How many months before the one shown the trend goes back. */
export const TREND_MONTHS_BEFORE = 6;

/** Visits judged valid / visits judged (valid or invalid): unverified and pending are no judgement, as in the assessment. */
export const visitValidRate = (c: { valid: number; invalid: number }): Rate => rate(c.valid, c.valid + c.invalid);

export interface UnitRow {
  unitId: string;
  unitName: string;
  callbackRate: CallbackRate;
  valid: number;
  invalid: number;
  validRate: Rate;
}

/** Ascending, 未测 (null) after every measured value: worst first. */
const ascending = (x: number | null, y: number | null) => (x === null || y === null ? (x === y ? 0 : x === null ? 1 : -1) : x - y);
/** Descending, 未测 last. */
const descending = (x: number | null, y: number | null) => ascending(x === null ? null : -x, y === null ? null : -y);

export async function getStaffDashboard({ ctx, input = {} }: { ctx: Ctx; input?: StaffDashboardInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const f = parseInput(staffDashboardInput, input);
  const timeZone = env().APP_TIMEZONE;
  const now = ctx.now();
  const thisMonth = monthOf(now, timeZone);
  const month = f.month ?? thisMonth;
  const today = localDay(now, timeZone);
  const startOfDay = instantAt(today, 0, timeZone);
  const endOfDay = instantAt(addDays(today, 1), 0, timeZone);
  const first = shiftMonth(month, -TREND_MONTHS_BEFORE);
  const months = Array.from({ length: TREND_MONTHS_BEFORE + 1 }, (_, i) => shiftMonth(first, i));
  const period: Period = { month, ...monthRange(month, timeZone), timeZone };
  // The months before the one shown: the one shown is counted with its indicators (one read of its callbacks).
  const monthsBefore: Period = { month, start: monthRange(first, timeZone).start, end: period.start, timeZone };

  const policy = await callingPolicyAt(ctx.db, now);
  const [queue, agents, callsByHour, callbackMonths, validCounts, indicators, unitList] = await Promise.all([
    loadQueueNow(ctx.db, now, startOfDay),
    loadAgentsNow(ctx.db, new Date(now.getTime() - policy.leaseSeconds * 1000), startOfDay),
    loadCallsByHour(ctx.db, startOfDay, endOfDay, timeZone),
    loadCallbackMonths(ctx.db, monthsBefore),
    loadValidCounts(ctx.db, months, month, timeZone),
    // No median or 90th percentile on this page, and no customer class; the month's funnel.
    getCallbackIndicators({ ctx, input: { month }, options: { percentiles: false, satisfaction: false, levels: ['all', 'unit', 'agent'], funnel: true } }),
    rows<{ id: string; name: string }>(ctx.db, sql`select id::text, name from units where active order by name`),
  ]);

  const funnel = indicators.funnel ?? { sampled: 0, attempted: 0, reached: 0, verdict: 0 };

  // Units: the active ones, and any other the month's figures name.
  const validByUnit = new Map(validCounts.filter((v) => !v.all && v.month === month).map((v) => [v.unitId!, v]));
  const callbackByUnit = new Map(indicators.byUnit.map((u) => [u.unitId, u]));
  const extra = [...new Set([...validByUnit.keys(), ...callbackByUnit.keys()])].filter((id) => !unitList.some((u) => u.id === id));
  const extraNames = extra.length ? await rows<{ id: string; name: string }>(ctx.db, sql`select id::text, name from units where id = any(${uuidArray(extra)})`) : [];
  const units: UnitRow[] = [...unitList, ...extraNames].map((u) => {
    const v = validByUnit.get(u.id) ?? { valid: 0, invalid: 0 };
    return {
      unitId: u.id,
      unitName: u.name,
      callbackRate: callbackByUnit.get(u.id)?.figures.callbackRate ?? callbackRate({ due: 0, closed: 0, unreachable: 0 }),
      valid: v.valid,
      invalid: v.invalid,
      validRate: visitValidRate(v),
    };
  });

  const trend = months.map((m) => {
    const v = validCounts.find((x) => x.all && x.month === m) ?? { valid: 0, invalid: 0 };
    if (m === month) return { month: m, callbackRate: indicators.department.callbackRate, validRate: visitValidRate(v), rr1: indicators.department.aapor.rr1 };
    const c = callbackMonths.find((x) => x.month === m) ?? { due: 0, closed: 0, unreachable: 0, outcomes: {} };
    return { month: m, callbackRate: callbackRate(c), validRate: visitValidRate(v), rr1: aaporRates(dispositionCounts(c.outcomes)).rr1 };
  });
  const current = trend.at(-1)!;
  const before = trend.slice(0, -1);
  const sum = (pick: (t: (typeof trend)[number]) => Rate) =>
    rate(
      before.reduce((n, t) => n + pick(t).numerator, 0),
      before.reduce((n, t) => n + pick(t).denominator, 0),
    );

  return {
    month,
    thisMonth,
    asOf: now,
    today: {
      day: today,
      queue,
      agentsOnline: agents.online,
      agentsWorkedToday: agents.workedToday,
      callsByHour,
    },
    funnel,
    department: {
      callbackRate: indicators.department.callbackRate,
      validRate: current.validRate,
      rr1: indicators.department.aapor.rr1,
    },
    /** The month shown against the six before it, pooled (counts summed, then divided). */
    previous: { callbackRate: sum((t) => t.callbackRate.rate), validRate: sum((t) => t.validRate), rr1: sum((t) => t.rr1) },
    trend,
    /** Units by name (the chart); worstUnits the same rows worst first. */
    units: [...units].sort((a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN')),
    /** The lowest 回访率 first, then the lowest valid rate; 未测 last. */
    worstUnits: [...units].sort(
      (a, b) =>
        ascending(a.callbackRate.rate.value, b.callbackRate.rate.value) ||
        ascending(a.validRate.value, b.validRate.value) ||
        a.unitName.localeCompare(b.unitName, 'zh-CN'),
    ),
    /** Agents who finished or worked callbacks this month, the most errors (then most late results) first. */
    worstAgents: indicators.byAgent
      .map((a) => ({
        agentId: a.agentId,
        name: a.name,
        username: a.username,
        finished: a.finished.closed + a.finished.unreachable,
        errorRate: a.quality.agentErrors,
        finishedLate: a.timeliness.finishedLate,
        withinDeadline: a.timeliness.withinDeadline,
      }))
      .sort(
        (a, b) =>
          descending(a.errorRate.value, b.errorRate.value) ||
          b.finishedLate - a.finishedLate ||
          a.name.localeCompare(b.name, 'zh-CN') ||
          a.username.localeCompare(b.username),
      ),
  };
}
export type StaffDashboard = Awaited<ReturnType<typeof getStaffDashboard>>;
