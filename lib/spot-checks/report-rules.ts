/**
 * 拜访到位率: how a set of spot-checked manager-days reads (pure). A manager-day counts once its
 * result is in (到位 on_site / 拜访不全 incomplete / 未拜访 none); a checked day whose callbacks are
 * not finished yet is "open" and takes no part in the rate. The rate is 到位 days ÷ checked days
 * with a result; with none it is not measured (未测) — never 0 % or 100 %: a manager not checked
 * did neither badly nor perfectly. Yuan are what the penalty ledger holds for the month (its sum,
 * reversals included), not the days' nominal penalties. No I/O.
 */

/** A manager's (or a unit's) spot checks of a month, in counts. */
export interface SpotCheckCounts {
  /** Checked manager-days with a result. */
  days: number;
  onSite: number;
  incomplete: number;
  none: number;
  /** Checked customers found not visited, on the days with a result. */
  findings: number;
  /** The month's penalty ledger balance in yuan. */
  yuan: number;
  /** Checked manager-days still without a result (callbacks not finished). */
  open: number;
}

export const SPOT_CHECK_COUNT_KEYS = ['days', 'onSite', 'incomplete', 'none', 'findings', 'yuan', 'open'] as const satisfies readonly (keyof SpotCheckCounts)[];

export const NO_SPOT_CHECKS: Readonly<SpotCheckCounts> = Object.freeze({ days: 0, onSite: 0, incomplete: 0, none: 0, findings: 0, yuan: 0, open: 0 });

/** Why a 拜访到位率 was not measured: no checked day had a result. */
export const SPOT_CHECK_UNMEASURED = 'noCheckedDays' as const;

export interface SpotCheckRate {
  /** 到位 days. */
  numerator: number;
  /** Checked days with a result. */
  denominator: number;
  /** In [0, 1]; null = 未测. */
  value: number | null;
}

/** 拜访到位率 = 到位 days ÷ checked days with a result; null (未测) when there is none. */
export function spotCheckRate(c: Pick<SpotCheckCounts, 'days' | 'onSite'>): SpotCheckRate {
  return { numerator: c.onSite, denominator: c.days, value: c.days > 0 ? c.onSite / c.days : null };
}

/** Whether there is anything to say about a manager's month of spot checks (a day checked, open, or yuan on the ledger). */
export function hasSpotChecks(c: SpotCheckCounts): boolean {
  return c.days > 0 || c.open > 0 || c.yuan !== 0;
}

/** Sums of several managers' counts (a unit, the department): the rate is then recomputed from the sums, never averaged. */
export function sumSpotCheckCounts(list: readonly SpotCheckCounts[]): SpotCheckCounts {
  const out: SpotCheckCounts = { ...NO_SPOT_CHECKS };
  for (const c of list) for (const k of SPOT_CHECK_COUNT_KEYS) out[k] += c[k];
  return out;
}

/** Counts read from a partial record (a row of SQL sums, a close's figures): what is missing is 0. */
export function spotCheckCountsOf(r: Partial<Record<keyof SpotCheckCounts, number | string | null>>): SpotCheckCounts {
  const out: SpotCheckCounts = { ...NO_SPOT_CHECKS };
  for (const k of SPOT_CHECK_COUNT_KEYS) out[k] = Number(r[k] ?? 0);
  return out;
}

/** A rate as a page writes it: one decimal and a percent sign, or the word for "not measured". */
export function spotCheckRateText(rate: Pick<SpotCheckRate, 'value'>, notMeasured: string): string {
  return rate.value === null ? notMeasured : `${(rate.value * 100).toFixed(1)}%`;
}

/** What a table of managers' spot checks sorts by. */
export const SPOT_CHECK_SORTS = ['name', 'rate', 'days', 'findings', 'yuan', 'flag'] as const;
export type SpotCheckSort = (typeof SPOT_CHECK_SORTS)[number];

export interface SpotCheckSortable extends SpotCheckCounts {
  displayName: string;
  username: string;
  /** The open 建议调离 flag's count, or null without an open flag. */
  flagCount: number | null;
  /** Whether the manager has an open 建议调离 flag (its count may be unknown). */
  flagged: boolean;
}

/**
 * A table's order: ascending by the figure, descending the other way; a figure not measured (a
 * rate of nobody, no flag) comes last whichever way, and ties go by name. Ascending 拜访到位率 puts
 * the worst first; the first click on findings, yuan and flags asks for the most first (the
 * pages say so by their default direction, `SPOT_CHECK_FIRST_DIRECTION`).
 */
export function sortSpotCheckRows<T extends SpotCheckSortable>(list: readonly T[], sort: SpotCheckSort = 'rate', direction: 'asc' | 'desc' = 'asc'): T[] {
  const byName = (a: T, b: T) => a.displayName.localeCompare(b.displayName, 'zh-CN') || a.username.localeCompare(b.username);
  const sign = direction === 'asc' ? 1 : -1;
  const figure = (r: T): number | null => {
    switch (sort) {
      case 'rate':
        return spotCheckRate(r).value;
      case 'days':
        return r.days;
      case 'findings':
        return r.findings;
      case 'yuan':
        return r.yuan;
      case 'flag':
        return r.flagged ? (r.flagCount ?? 0) : null;
      default:
        return null;
    }
  };
  return [...list].sort((a, b) => {
    if (sort === 'name') return sign * byName(a, b);
    const x = figure(a);
    const y = figure(b);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byName(a, b);
  });
}

/** The direction a column's first click asks for: the worst first (lowest rate; most findings, yuan, flags). */
export const SPOT_CHECK_FIRST_DIRECTION: Record<SpotCheckSort, 'asc' | 'desc'> = { name: 'asc', rate: 'asc', days: 'desc', findings: 'desc', yuan: 'desc', flag: 'desc' };
