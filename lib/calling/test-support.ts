import { policyDefinitions } from '@/lib/policy/definitions';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { formatLocal, type CallingCalendar } from './calendar';

/**
 * What the calling rules' tests share: Shanghai wall-clock instants, and DOMAIN's calling defaults
 * as the `calling` policy holds them — 09:00–12:00 and 14:00–18:00, Monday–Friday, no holidays;
 * three attempts two hours apart on different half-days. 2026-11-27 is a Friday.
 */
export const SH = 'Asia/Shanghai';
export const at = (local: string) => parseLocalDateTime(local, SH)!;
export const local = (d: Date | null) => (d ? formatLocal(d, SH) : null);

const { windows, weekdays, holidays, makeUpWorkdays, maxAttempts, retrySpacingMinutes, retryDifferentHalfDay } = policyDefinitions.calling.defaults;
export const DEFAULT_CALENDAR: CallingCalendar = { windows, weekdays, holidays, makeUpWorkdays };
export const DEFAULT_RETRY: { maxAttempts: number; retrySpacingMinutes: number; retryDifferentHalfDay: boolean } = { maxAttempts, retrySpacingMinutes, retryDifferentHalfDay };
