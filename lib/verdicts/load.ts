import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { callbackStateEnum, visitReports } from '@/db/schema';
import { decodedReader, jsonbText, uuidArray, type ReadOptions } from '@/lib/platform/core/sql';
import type { MonthWindow } from '@/lib/platform/time/month-window';
import { GROUND_FINDINGS_SQL_TEXT } from '@/lib/verdicts/dispute-grounds';
import { samplingExclusion, type CallbackFacts, type SamplingExclusion } from './rules';

/**
 * What a verdict is decided from, besides the findings, for some managers' visits of a month: the
 * sampling decision, the visit's callback (its latest task and that task's latest scored result)
 * and the verdict in force (latest version), each read in one query per chunk of managers.
 */

/** The verdict in force, as compared: its version and one text of status, final and reasons. */
export interface LatestVerdict {
  version: number;
  /** `verdictKey` of it, as the database computes it (see VERDICT_KEY_SQL). */
  key: string;
}

/** The comparison text of a verdict: "status|final|reasons" with the reasons as jsonb prints them. */
export function verdictKey(v: { status: string; final: boolean; reasons: unknown }): string {
  const reasons = v.reasons as { code: string; params: Record<string, unknown> }[];
  // Most verdicts have one reason without parameters ("not sampled"): their text, without the walk.
  if (reasons.length === 1 && Object.keys(reasons[0].params).length === 0) return `${v.status}|${v.final}|[{"code": ${JSON.stringify(reasons[0].code)}, "params": {}}]`;
  return `${v.status}|${v.final}|${jsonbText(reasons)}`;
}

export const VERDICT_KEY_SQL = sql.raw(`status || '|' || final::text || '|' || reasons::text`);

export interface VerdictInputs {
  sampled: boolean | undefined;
  callback: CallbackFacts | undefined;
  /** The callback task (the verdict version points to it). */
  taskId: string | null;
  /** The local day the callback was scored: its threshold is the one in force that day. */
  scoredDay: string | null;
  /** Of a knock-out answer: the question's number in its script version ("第2题"), or its id. */
  knockedOutLabel: string | null;
  latest: LatestVerdict | undefined;
  /** Overturned disputes of the visit: of its verdict (the dispute id), and the findings waived. */
  overturnedBy: string | null;
  waivedFindings: readonly string[];
  /** 超期补报 state of the report (null: an ordinary report). */
  backfill?: 'pending' | 'approved' | 'rejected' | null;
  /** Why sampling excluded the visit, if it did. */
  exclusion?: SamplingExclusion | null;
}

/**
 * Of a stored sampling decision (alias `d`): its reason code when it excluded the visit, and the
 * look-back in days of an exclusion as too old — what the verdict's reason names.
 */
export const EXCLUSION_SQL = sql.raw(
  `case when d.reason_code in ('sampling.reason.excludedOld', 'sampling.reason.excludedNoPhone') then d.reason_code end as excl, ` +
    `case when d.reason_code = 'sampling.reason.excludedOld' then (d.reason_params->>'days')::int end as excl_days`,
);

/**
 * The overturned disputes of each visit, as one row per visit (SQL over `disputes`, joined by
 * visit_id): `ovr` the dispute that overturned the verdict, `waived` the finding codes waived —
 * each overturned dispute's ground (lib/verdicts/dispute-grounds.ts: the finding disputed, or the findings
 * an overturned verdict rested on).
 */
export const DISPUTE_RULINGS_SQL = sql.raw(`
  select d.visit_id, (array_agg(d.id::text order by d.decided_at) filter (where d.subject = 'verdict'))[1] as ovr,
         coalesce(string_agg(g.code, ',') filter (where g.code is not null), '') as waived
    from disputes d left join lateral (${GROUND_FINDINGS_SQL_TEXT}) g on true
   where d.state = 'overturned' group by d.visit_id`);

/**
 * The columns a verdict's inputs are read from, as both readers name them (this loader and the
 * close's staged copy, lib/assessment/stage.ts); each adds its own for the score and version.
 */
export const verdictInputColumns = {
  sampled: z.boolean().nullable(),
  excl: z.string().nullable(),
  excl_days: z.number().nullable(),
  task: z.string().nullable(),
  state: z.enum(callbackStateEnum.enumValues).nullable(),
  outcome: z.string().nullable(),
  ko: z.string().nullable(),
  kon: z.number().nullable(),
  scored: z.string().nullable(),
  vkey: z.string().nullable(),
};
export const backfillColumn = z.enum(visitReports.backfill.enumValues).nullable();

/** A row of DISPUTE_RULINGS_SQL. */
export const disputeRulingRow = z.object({ visit_id: z.string(), ovr: z.string().nullable(), waived: z.string() });

const verdictInputsRow = z.object({
  ...verdictInputColumns,
  v: z.string(),
  backfill: backfillColumn,
  tscore: z.number().nullable(),
  rscore: z.number().nullable(),
  ver: z.number().nullable(),
  ovr: z.string().nullable(),
  waived: z.string().nullable(),
});

export async function loadVerdictInputs(db: DbOrTx, w: MonthWindow, managerIds: readonly string[], options: ReadOptions = {}): Promise<Map<string, VerdictInputs>> {
  if (managerIds.length === 0) return new Map();
  const managers = uuidArray(managerIds);
  const from = w.start.toISOString();
  const to = w.end.toISOString();
  const found = await decodedReader(options)(
    db,
    verdictInputsRow,
    sql`
      with v as (
        select id, backfill from visit_reports
         where manager_id = any(${managers}) and visited_at >= ${from}::timestamptz and visited_at < ${to}::timestamptz
      ), t as (
        -- The sampled callback decides; a dispute's re-callback is evidence for its reviewer, whose
        -- decision (an overturned dispute, below) is what changes the verdict.
        select visit_id, id, state, outcome, score
          from callback_tasks
         where manager_id = any(${managers}) and visited_at >= ${from}::timestamptz and visited_at < ${to}::timestamptz
           and origin = 'sampled'
      ), vv as (
        select distinct on (visit_id) visit_id, version, ${VERDICT_KEY_SQL} as vkey
          from visit_verdicts
         where manager_id = any(${managers}) and month = ${w.month}
         order by visit_id, version desc
      ), dr as (${DISPUTE_RULINGS_SQL})
      select v.id as v, v.backfill, d.sampled, ${EXCLUSION_SQL}, t.id as task, t.state, t.outcome, t.score as tscore,
             r.score as rscore, r.knocked_out as ko,
             -- A manager reads "第2题", not a question id: its position in the script version.
             (select e.n from script_versions sv, jsonb_array_elements(sv.definition->'questions') with ordinality e(q, n)
               where r.knocked_out is not null and sv.id = r.script_version_id and e.q->>'id' = r.knocked_out limit 1)::int as kon,
             to_char(r.submitted_at at time zone ${w.timeZone}, 'YYYY-MM-DD') as scored,
             vv.version as ver, vv.vkey, dr.ovr, dr.waived
        from v
        left join sampling_decisions d on d.visit_id = v.id
        left join t on t.visit_id = v.id
        left join lateral (
          select score, knocked_out, script_version_id, submitted_at from callback_results cr
           where cr.task_id = t.id order by cr.submitted_at desc, cr.id desc limit 1
        ) r on t.id is not null
        left join vv on vv.visit_id = v.id
        left join dr on dr.visit_id = v.id`,
  );
  const out = new Map<string, VerdictInputs>();
  for (const r of found) {
    out.set(r.v, {
      sampled: r.sampled ?? undefined,
      callback: r.state ? { state: r.state, outcome: r.outcome, score: r.rscore ?? r.tscore, knockedOut: r.ko === null ? null : String(r.kon ?? r.ko) } : undefined,
      taskId: r.task,
      scoredDay: r.scored,
      knockedOutLabel: r.ko === null ? null : String(r.kon ?? r.ko),
      latest: r.ver === null ? undefined : { version: r.ver, key: r.vkey! },
      overturnedBy: r.ovr,
      waivedFindings: r.waived ? r.waived.split(',') : [],
      backfill: r.backfill,
      exclusion: samplingExclusion(r.excl, r.excl_days),
    });
  }
  return out;
}
