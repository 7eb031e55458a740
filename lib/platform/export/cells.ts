import type { CellFormat, CellValue } from './columns';

/**
 * How one cell reads, the same in CSV and XLSX: a time in the app's zone, a boolean as 是/否,
 * nothing as an empty cell. Pure apart from the cached Intl formatter per zone.
 */
const wallClocks = new Map<string, Intl.DateTimeFormat>();

function wallClock(timeZone: string): Intl.DateTimeFormat {
  let f = wallClocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    wallClocks.set(timeZone, f);
  }
  return f;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Offsets of a zone by the hour (an offset changes on the hour, if ever): one Intl call per hour of data, not per cell. */
const offsets = new Map<string, Map<number, number>>();
const HOUR = 3_600_000;

function offsetMs(instant: number, timeZone: string): number {
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const hour = Math.floor(instant / HOUR);
  let offset = zone.get(hour);
  if (offset === undefined) {
    const p: Record<string, number> = {};
    for (const part of wallClock(timeZone).formatToParts(new Date(hour * HOUR))) if (part.type !== 'literal') p[part.type] = Number(part.value);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - hour * HOUR;
    if (zone.size > 100_000) zone.clear();
    zone.set(hour, offset);
  }
  return offset;
}

/** An instant (a Date, or the driver's '2026-11-03 02:00:00+00' text) as the wall clock of `timeZone`. */
export function wallTime(value: Date | string, timeZone: string): WallTime | null {
  const instant = (value instanceof Date ? value : new Date(value)).getTime();
  if (Number.isNaN(instant)) return null;
  const wall = new Date(instant + offsetMs(instant, timeZone));
  return { year: wall.getUTCFullYear(), month: wall.getUTCMonth() + 1, day: wall.getUTCDate(), hour: wall.getUTCHours(), minute: wall.getUTCMinutes() };
}

const pad = (n: number) => String(n).padStart(2, '0');

export function wallTimeText(w: WallTime): string {
  return `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}

/** The cell as text and numbers (CSV, and XLSX's non-time cells). */
export function plainCell(value: CellValue, format: CellFormat | undefined, timeZone: string): string | number {
  if (value === null || value === undefined || value === '') return '';
  switch (format) {
    case 'datetime': {
      if (typeof value !== 'string' && !(value instanceof Date)) return String(value);
      const w = wallTime(value, timeZone);
      return w ? wallTimeText(w) : String(value);
    }
    case 'integer':
    case 'decimal':
    case 'percent': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isFinite(n) ? n : String(value);
    }
    default:
      if (typeof value === 'boolean') return value ? '是' : '否';
      if (value instanceof Date) {
        const w = wallTime(value, timeZone);
        return w ? wallTimeText(w) : '';
      }
      return value;
  }
}
