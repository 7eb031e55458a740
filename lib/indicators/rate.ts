/**
 * A rate of the callback department's indicators (docs/INDICATORS.md): the counts it comes from and
 * its value. A rate over nothing is "not measured" (value null) — never 0 % or 100 %: a month in
 * which nothing was due did not do badly, nor perfectly (DOMAIN: "A rate whose denominator is 0 is
 * 'not measured'").
 */
export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator / denominator in [0, 1]; null = not measured. */
  value: number | null;
}

export function rate(numerator: number, denominator: number): Rate {
  return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null };
}

/** A per-unit average (seconds per call, points per answer …), null when there is nothing to average. */
export function average(total: number, count: number): number | null {
  return count > 0 ? total / count : null;
}

/** Seconds as hours, keeping "not measured". */
export function hoursOf(seconds: number | null): number | null {
  return seconds === null ? null : seconds / 3600;
}
