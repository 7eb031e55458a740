import type { DbOrTx } from '@/db/client';
import { localDay, type CallingCalendar } from '@/lib/calling/calendar';
import type { CallingRules } from '@/lib/calling/outcomes';
import { env } from '@/lib/config/env';
import { policyInForce } from '@/lib/policy/policies';

/** The calling policy in force at an instant, shaped for the pure rules in lib/calling. */
export interface CallingPolicy {
  version: number;
  timeZone: string;
  calendar: CallingCalendar;
  rules: CallingRules;
  leaseSeconds: number;
  callsPerSecond: number;
}

export async function callingPolicyAt(db: DbOrTx, now: Date): Promise<CallingPolicy> {
  const timeZone = env().APP_TIMEZONE;
  const { version, value } = await policyInForce(db, 'calling', localDay(now, timeZone));
  return {
    version,
    timeZone,
    calendar: { windows: value.windows, weekdays: value.weekdays, holidays: value.holidays, makeUpWorkdays: value.makeUpWorkdays },
    rules: { maxAttempts: value.maxAttempts, retrySpacingMinutes: value.retrySpacingMinutes, retryDifferentHalfDay: value.retryDifferentHalfDay },
    leaseSeconds: value.leaseSeconds,
    callsPerSecond: value.callsPerSecond,
  };
}
