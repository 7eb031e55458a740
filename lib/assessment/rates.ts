/**
 * The one rule for every rate of the assessment (coverage, valid, on time): a rate whose
 * denominator is 0 measured nothing — it is "not measured" (未测), with the reason, never 0 % or
 * 100 %. Pages, the Excel report, the unit view and the CLI all read rates through here. Pure.
 */

/** The three rates a month is assessed on, as named among a close's figures. */
export const RATE_FIGURES = ['coverageRate', 'validRate', 'onTimeRate'] as const;
export type RateFigure = (typeof RATE_FIGURES)[number];

/** Why a rate was not measured: its denominator was 0 for this reason. */
export type UnmeasuredReason = 'noRequiredVisits' | 'noJudgedVisits' | 'noVisits';

export const UNMEASURED_REASON: Record<RateFigure, UnmeasuredReason> = {
  /** Nothing was required: no customer counted for the manager this month. */
  coverageRate: 'noRequiredVisits',
  /** No visit of the month was judged valid or invalid (unverified and pending are not judgements). */
  validRate: 'noJudgedVisits',
  /** No visit was reported this month. */
  onTimeRate: 'noVisits',
};

export type Rate = { value: number; reason: null } | { value: null; reason: UnmeasuredReason };

/** part / whole, or not measured for `reason` when whole is 0. */
export function measureRate(part: number, whole: number, reason: UnmeasuredReason): Rate {
  return whole === 0 ? { value: null, reason } : { value: part / whole, reason: null };
}

/** The counts the three rates are computed from (a close's figures carry them all). */
export interface RateCounts {
  required: number;
  done: number;
  valid: number;
  invalid: number;
  visits: number;
  late: number;
}

/** Coverage: requirements met / requirements (DOMAIN rule 4). */
export const coverageRate = (c: Pick<RateCounts, 'required' | 'done'>): Rate => measureRate(c.done, c.required, UNMEASURED_REASON.coverageRate);
/** Valid: valid / (valid + invalid) — only what was judged. */
export const validRate = (c: Pick<RateCounts, 'valid' | 'invalid'>): Rate => measureRate(c.valid, c.valid + c.invalid, UNMEASURED_REASON.validRate);
/** On time: reports filed within the deadline / reports. */
export const onTimeRate = (c: Pick<RateCounts, 'visits' | 'late'>): Rate => measureRate(c.visits - c.late, c.visits, UNMEASURED_REASON.onTimeRate);

export function ratesOf(c: RateCounts): Record<RateFigure, Rate> {
  return { coverageRate: coverageRate(c), validRate: validRate(c), onTimeRate: onTimeRate(c) };
}

/** The reasons of the rates not measured, by figure (what JSON carries beside a null rate). */
export function unmeasuredOf(c: RateCounts): Partial<Record<RateFigure, UnmeasuredReason>> {
  const out: Partial<Record<RateFigure, UnmeasuredReason>> = {};
  const rates = ratesOf(c);
  for (const key of RATE_FIGURES) {
    const r = rates[key];
    if (r.reason) out[key] = r.reason;
  }
  return out;
}

/** Rates as a close stores them: fractions rounded to 4 decimals, null when not measured. */
export const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
export const storedRate = (r: Rate): number | null => (r.value === null ? null : round4(r.value));
