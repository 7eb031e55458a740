import { TZDate } from '@date-fns/tz';
import { z } from 'zod';
import { dayOf, monthRange, shiftMonth, type Month } from '@/lib/platform/time/zone';

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

/**
 * Local day and wall-clock time of instants within one month, fast: the month's local midnights
 * are computed once, and an instant's day found by binary search. On a day whose length is not
 * 24 h (a daylight-saving change) the wall clock is computed by the time-zone rules instead.
 */
export class LocalClock {
  private readonly days: { day: string; startMs: number; plain: boolean }[] = [];

  constructor(private readonly w: MonthWindow) {
    const [y, m] = w.month.split('-').map(Number);
    const starts: number[] = [];
    for (let d = 1; d <= 32; d++) {
      const start = new TZDate(y, m - 1, d, w.timeZone).getTime();
      starts.push(start);
      if (start >= w.end.getTime()) break;
    }
    for (let i = 0; i + 1 < starts.length; i++) {
      this.days.push({ day: `${w.month}-${String(i + 1).padStart(2, '0')}`, startMs: starts[i], plain: starts[i + 1] - starts[i] === 86_400_000 });
    }
  }

  /** The local day 'YYYY-MM-DD' and minutes after local midnight of an instant in the month. */
  at(instant: Date): { day: string; minutes: number } {
    const t = instant.getTime();
    let lo = 0;
    let hi = this.days.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.days[mid].startMs <= t) lo = mid;
      else hi = mid - 1;
    }
    const d = this.days[lo];
    if (d.plain && t >= d.startMs) return { day: d.day, minutes: Math.floor((t - d.startMs) / 60_000) };
    const local = new TZDate(t, this.w.timeZone);
    return { day: dayOf(instant, this.w.timeZone), minutes: local.getHours() * 60 + local.getMinutes() };
  }
}

/** A month as the address and forms give it: 'YYYY-MM'. */
export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'errors.assessment.monthInvalid');
