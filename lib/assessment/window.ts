import { dayOf, monthRange, shiftMonth, type Month } from '@/lib/time/zone';

/**
 * The instants a manager-month is evaluated over: the month itself, the month before (DOMAIN rule
 * 6 compares contacts with it) and the start of the rolling 3 months (class C/D on-site coverage).
 */
export interface MonthWindow {
  month: Month;
  timeZone: string;
  start: Date;
  end: Date;
  prevStart: Date;
  quarterStart: Date;
  /** 'YYYY-MM-DD' of the month's last local day: month-level policies are those in force then. */
  lastDay: string;
}

export function monthWindow(month: Month, timeZone: string): MonthWindow {
  const { start, end } = monthRange(month, timeZone);
  return {
    month,
    timeZone,
    start,
    end,
    prevStart: monthRange(shiftMonth(month, -1), timeZone).start,
    quarterStart: monthRange(shiftMonth(month, -2), timeZone).start,
    lastDay: dayOf(new Date(end.getTime() - 1), timeZone),
  };
}
