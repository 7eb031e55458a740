import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { localDay, type CallingCalendar } from '@/lib/calling/calendar';
import type { CallingRules } from '@/lib/calling/outcomes';
import { env } from '@/lib/platform/config/env';
import type { PolicyValue } from '@/lib/policy/definitions';
import { policyInForce, policyValue } from '@/lib/policy/policies';

/** The calling policy in force at an instant, shaped for the pure rules in lib/calling. */
export interface CallingPolicy {
  version: number;
  timeZone: string;
  calendar: CallingCalendar;
  rules: CallingRules;
  leaseSeconds: number;
  callsPerSecond: number;
  /** 人工拨打: agents may record a result without a call record (desk phone, telephony down). */
  manualCallsAllowed: boolean;
}

function shape(version: number, value: PolicyValue<'calling'>): CallingPolicy {
  return {
    version,
    timeZone: env().APP_TIMEZONE,
    calendar: { windows: value.windows, weekdays: value.weekdays, holidays: value.holidays, makeUpWorkdays: value.makeUpWorkdays },
    rules: { maxAttempts: value.maxAttempts, retrySpacingMinutes: value.retrySpacingMinutes, retryDifferentHalfDay: value.retryDifferentHalfDay },
    leaseSeconds: value.leaseSeconds,
    callsPerSecond: value.callsPerSecond,
    manualCallsAllowed: value.manualCallsAllowed,
  };
}

export async function callingPolicyAt(db: DbOrTx, now: Date): Promise<CallingPolicy> {
  const { version, value } = await policyInForce(db, 'calling', localDay(now, env().APP_TIMEZONE));
  return shape(version, value);
}

/**
 * The calling policy in force on `now`'s local day as a select column named `policy` — the row
 * callingPolicyFromRow reads — for statements that read it beside other things in one round trip.
 */
export function callingPolicyColumn(now: Date): SQL {
  return sql`(select json_build_object('version', version, 'value', value) from policy_versions
        where key = 'calling' and effective_from <= ${localDay(now, env().APP_TIMEZONE)} order by effective_from desc limit 1) as policy`;
}

/**
 * The same, from a policy_versions row read as part of a larger statement ("take next" reads
 * policy, pause switch and the agent's held task in one round trip). Merged over the defaults
 * and parsed exactly as `policyInForce` does; no row = the shipped defaults (version 0).
 */
export function callingPolicyFromRow(row: { version: number; value: unknown } | null): CallingPolicy {
  return row ? shape(row.version, policyValue('calling', row.value)) : shape(0, policyValue('calling', undefined));
}

