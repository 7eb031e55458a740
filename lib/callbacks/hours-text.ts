import type { CallingCalendar } from '@/lib/calling/calendar';

/**
 * The calling hours as agents read them (they cannot open 外呼规则): the windows as times, which
 * read the same in every language, and the working weekdays as runs ([1, 5] = Monday to Friday).
 */
export function windowsText(windows: CallingCalendar['windows'], separator = ', '): string {
  return windows.map((w) => `${w.start}–${w.end}`).join(separator);
}

/** Consecutive ISO weekdays as [from, to] runs, Monday first: [1,2,3,4,5,7] → [[1,5],[7,7]]. */
export function weekdayRuns(weekdays: readonly number[]): [number, number][] {
  const days = [...new Set(weekdays)].filter((d) => d >= 1 && d <= 7).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const d of days) {
    const last = runs[runs.length - 1];
    if (last && last[1] === d - 1) last[1] = d;
    else runs.push([d, d]);
  }
  return runs;
}
