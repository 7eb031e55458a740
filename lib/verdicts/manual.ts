import { sql, type SQL } from 'drizzle-orm';

/**
 * 人工拨打: a callback result recorded from a manual call (the agent dialled from a desk phone
 * while telephony was down) has no call record behind it. Wherever a verdict's explanation is
 * shown — the visit page, month lists, the dispute page, the XLSX — a verdict that rests on such
 * a result says so. One rule, here.
 */
export const MANUAL_CALL_REASON = 'manualCall';

/** The reasons that come from the visit's sampled callback (its result or its outcome). */
const CALLBACK_REASONS: ReadonlySet<string> = new Set(['knockOut', 'scoreBelow', 'scoreAtLeast', 'notVerified', 'unreachable']);

type Reason = { code: string; params: Record<string, string | number> };

/**
 * The reasons with the manual mark added when the verdict rests on the callback and the callback's
 * deciding attempt was a manual call. Pure.
 */
export function withManualMark<R extends Reason>(reasons: readonly R[], manual: boolean): (R | Reason)[] {
  if (!manual || !reasons.some((r) => CALLBACK_REASONS.has(r.code)) || reasons.some((r) => r.code === MANUAL_CALL_REASON)) return [...reasons];
  return [...reasons, { code: MANUAL_CALL_REASON, params: {} }];
}

/**
 * Whether the visit's sampled callback was decided by a manual call: its last attempt (the one
 * its result or final outcome was recorded on) was 人工拨打. `visitId` is an SQL expression.
 */
export function manualResultSql(visitId: SQL): SQL {
  return sql`exists (
    select 1 from callback_tasks mt
      join lateral (select ma.manual from callback_attempts ma where ma.task_id = mt.id order by ma.attempt_no desc limit 1) la on true
     where mt.visit_id = ${visitId} and mt.origin = 'sampled' and la.manual)`;
}
