import { z } from 'zod';
import { assertRole } from '@/lib/auth/guards';
import { paceMargin, paceOf } from '@/lib/coverage/pace';
import type { CustomerClass, Requirement } from '@/lib/coverage/rules';
import { visitValidRate } from '@/lib/indicators/dashboard';
import type { Rate } from '@/lib/indicators/rate';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { blank, parseInput } from '@/lib/platform/core/parse-input';
import { dayOf } from '@/lib/platform/time/zone';
import { loadUnitMonth, unitMonthInput } from './queries';
import { PACE_SORTS, sortPaceRows, type PaceSort, type SortDirection } from './rules';
import { SPOT_CHECK_SORTS, sortSpotCheckRows, spotCheckRate, sumSpotCheckCounts, type SpotCheckSort } from '@/lib/spot-checks/report-rules';

/**
 * 单元看板, the supervisor's dashboard over the unit view (本单位考核): each manager's coverage pace
 * against what is expected by today, the valid rate and points of this month and the six before
 * (the unit's line and each manager's values), and the unit's customers still uncovered, a page
 * at a time — beside everything the unit view shows. Same roles and scope as the view: a
 * supervisor their own unit (another reads as not found), staff and admin any unit.
 */

/** How many months before the one shown the trend goes back. */
export const UNIT_TREND_MONTHS_BEFORE = 6;
/** Uncovered customers per page. */
export const UNCOVERED_PAGE_SIZE = 15;

export const unitDashboardInput = unitMonthInput.extend({
  sort: blank(z.enum(PACE_SORTS)),
  dir: blank(z.enum(['asc', 'desc'])),
  /** The page of the uncovered customers. */
  page: blank(z.coerce.number().int().min(1)),
  /** The order of the spot checks' table (拜访到位率), apart from the pace table's. */
  spotSort: blank(z.enum(SPOT_CHECK_SORTS)),
  spotDir: blank(z.enum(['asc', 'desc'])),
});
export type UnitDashboardInput = z.input<typeof unitDashboardInput>;

/**
 * A manager's pace as the table shows it (lib/coverage/pace.ts, the one rule 我的本月 reads too):
 * expected by today in whole visits, and the margin against it, signed (below 0: behind); both
 * null when nothing is required (未测).
 */
export interface TablePace {
  daysInMonth: number;
  elapsedDays: number;
  share: number;
  expected: number | null;
  gap: number | null;
}

function tablePace(a: { month: string; now: Date; required: number; done: number }): TablePace {
  const p = paceOf({ month: a.month, timeZone: env().APP_TIMEZONE, now: a.now, required: a.required, done: a.done });
  const gap = paceMargin(p);
  return { daysInMonth: p.daysInMonth, elapsedDays: p.elapsedDays, share: p.elapsedShare, expected: gap === null ? null : p.expected, gap };
}

export interface PaceRow extends TablePace {
  managerId: string;
  displayName: string;
  username: string;
  active: boolean;
  required: number;
  done: number;
  /** The month's verdicts in force: valid / (valid + invalid); null = 未测. */
  validRate: Rate;
  points: number;
  /** Customers with a requirement still open. */
  uncovered: number;
}

export interface TrendPoint {
  month: string;
  validRate: Rate;
  points: number;
}

export interface UncoveredCustomer {
  customerId: string;
  name: string;
  groupCode: string;
  customerClass: CustomerClass;
  managerId: string;
  managerName: string;
  /** What is still required this month (or was, for a month over). */
  gaps: Requirement[];
}

const CLASS_ORDER: Record<CustomerClass, number> = { A: 0, B: 1, C: 2, D: 3 };

export async function getUnitDashboard({ ctx, input = {} }: { ctx: Ctx; input?: UnitDashboardInput }) {
  assertRole(ctx.actor, 'supervisor', 'staff', 'admin');
  const f = parseInput(unitDashboardInput, input);
  const { view, months, progress, byMonth } = await loadUnitMonth(ctx, f, UNIT_TREND_MONTHS_BEFORE);
  const today = dayOf(ctx.now(), env().APP_TIMEZONE);
  const sort: PaceSort = f.sort ?? 'gap';
  const direction: SortDirection = f.dir ?? 'asc';

  const ofManager = new Map(view.managers.map((m) => [m.managerId, m]));
  const paceRows: PaceRow[] = view.managers.map((m) => {
    const p = progress.get(m.managerId);
    return {
      managerId: m.managerId,
      displayName: m.displayName,
      username: m.username,
      active: m.active,
      required: m.required,
      done: m.done,
      ...tablePace({ required: m.required, done: m.done, month: view.month, now: ctx.now() }),
      validRate: visitValidRate(m),
      points: m.points,
      uncovered: p ? p.customers.filter((c) => c.gaps.length > 0).length : 0,
    };
  });
  const sorted = sortPaceRows(
    paceRows.map((r) => ({ ...r, validRate: r.validRate.value, rate: r.validRate })),
    sort,
    direction,
  ).map(({ rate, ...r }) => ({ ...r, validRate: rate }));

  // The trend: the unit's line is every manager in the unit now (their history moves with them);
  // the table's rows are the managers listed for the month.
  const sumOf = (list: typeof byMonth) => ({
    valid: list.reduce((n, r) => n + r.valid, 0),
    invalid: list.reduce((n, r) => n + r.invalid, 0),
    points: list.reduce((n, r) => n + r.points, 0),
  });
  const unitTrend: TrendPoint[] = months.map((month) => {
    const s = sumOf(byMonth.filter((r) => r.month === month));
    return { month, validRate: visitValidRate(s), points: s.points };
  });
  const cell = new Map(byMonth.map((r) => [`${r.managerId}|${r.month}`, r]));
  const managerTrend = sorted.map((m) => ({
    managerId: m.managerId,
    displayName: m.displayName,
    username: m.username,
    months: months.map((month): TrendPoint => {
      const c = cell.get(`${m.managerId}|${month}`);
      return { month, validRate: visitValidRate({ valid: c?.valid ?? 0, invalid: c?.invalid ?? 0 }), points: c?.points ?? 0 };
    }),
  }));

  // The unit's customers with a requirement still open: class A first, then by manager and name.
  const uncoveredAll: UncoveredCustomer[] = [];
  for (const [managerId, p] of progress) {
    const managerName = ofManager.get(managerId)?.displayName ?? '';
    for (const c of p.customers) {
      if (c.gaps.length === 0) continue;
      uncoveredAll.push({ customerId: c.customerId, name: c.name, groupCode: c.groupCode, customerClass: c.customerClass, managerId, managerName, gaps: c.gaps });
    }
  }
  uncoveredAll.sort(
    (a, b) =>
      CLASS_ORDER[a.customerClass] - CLASS_ORDER[b.customerClass] ||
      a.managerName.localeCompare(b.managerName, 'zh-CN') ||
      a.name.localeCompare(b.name, 'zh-CN') ||
      a.customerId.localeCompare(b.customerId),
  );
  const pages = Math.max(1, Math.ceil(uncoveredAll.length / UNCOVERED_PAGE_SIZE));
  const page = Math.min(f.page ?? 1, pages);

  // 拜访到位率: each manager's spot checks of the month with an open 建议调离 flag, worst first by default.
  const spotSort: SpotCheckSort = f.spotSort ?? 'rate';
  const spotDirection: SortDirection = f.spotDir ?? 'asc';
  const spotRows = sortSpotCheckRows(
    view.managers.map((m) => ({
      managerId: m.managerId,
      displayName: m.displayName,
      username: m.username,
      active: m.active,
      ...m.spotChecks,
      flag: m.removalFlag,
      flagged: m.removalFlag !== null,
      flagCount: m.removalFlag?.count ?? null,
    })),
    spotSort,
    spotDirection,
  );
  const spotTotals = sumSpotCheckCounts(view.managers.map((m) => m.spotChecks));

  const unitPace = tablePace({ required: view.totals.required, done: view.totals.done, month: view.month, now: ctx.now() });
  return {
    ...view,
    today,
    pace: { ...unitPace, required: view.totals.required, done: view.totals.done, validRate: visitValidRate(view.totals), points: view.totals.points, behind: paceRows.filter((r) => r.gap !== null && r.gap < 0).length },
    paceRows: sorted,
    sort,
    direction,
    trend: { months, unit: unitTrend, managers: managerTrend },
    uncovered: { rows: uncoveredAll.slice((page - 1) * UNCOVERED_PAGE_SIZE, page * UNCOVERED_PAGE_SIZE), total: uncoveredAll.length, page, pageSize: UNCOVERED_PAGE_SIZE },
    spotChecks: {
      rows: spotRows,
      totals: { ...spotTotals, rate: spotCheckRate(spotTotals), flagged: spotRows.filter((r) => r.flagged).length },
      sort: spotSort,
      direction: spotDirection,
    },
  };
}
