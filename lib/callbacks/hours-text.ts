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

/**
 * The sentence the desk shows: "外呼时间（北京时间）：周一至周五 09:00–12:00、14:00–18:00". `t` is the
 * callbacks.desk translator; `dayName` names an ISO weekday in the reader's language.
 */
export function callingHoursSentence(
  hours: { windows: CallingCalendar['windows']; weekdays: readonly number[] },
  t: (key: 'callingHours' | 'weekdayRange' | 'everyDay' | 'listSeparator', params?: Record<string, string>) => string,
  dayName: (isoWeekday: number) => string,
): string {
  const runs = weekdayRuns(hours.weekdays);
  const separator = t('listSeparator');
  const days =
    runs.length === 1 && runs[0][0] === 1 && runs[0][1] === 7
      ? t('everyDay')
      : runs.map(([from, to]) => (from === to ? dayName(from) : t('weekdayRange', { from: dayName(from), to: dayName(to) }))).join(separator);
  return t('callingHours', { days, windows: windowsText(hours.windows, separator) });
}

/** An ISO weekday's short name in a locale (2024-01-01 was a Monday: weekday d falls on January d). */
export function weekdayName(isoWeekday: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, isoWeekday, 4)));
}
