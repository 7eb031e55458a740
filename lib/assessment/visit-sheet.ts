import { sql } from 'drizzle-orm';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { createTranslator } from 'next-intl';
import type { DbOrTx } from '@/db/client';
import { chunkManagers } from '@/lib/platform/core/chunks';
import { catalogue } from '@/lib/platform/i18n/messages';
import { manualResultSql, withManualMark } from '@/lib/verdicts/manual';
import { findingName, verdictText, type RootTranslator } from '@/lib/visits/verdict-text';
import { rows, uuidArray } from '@/lib/platform/core/sql';
import { monthWindow } from '@/lib/platform/time/month-window';
import type { ExportColumn, SheetSpec } from '@/lib/platform/export';

/**
 * 拜访结论明细: one row per visit of the closed month (of the report's managers) with its verdict as
 * that close froze it, the reasons in words, and the evidence it rests on — the sampled callback's
 * calls (how many, when the one the result rests on was answered, talk seconds), script version,
 * score, the manual-call mark (人工拨打，无通话记录), the data-check findings (waived ones marked)
 * and the dispute decisions. Read one chunk of managers per query when the streamed workbook
 * comes to this sheet (after the report's sheets), its rows written as they are read.
 */
export const VISIT_SHEET = '拜访结论明细';

/** The sheet's columns (text as the ExcelJS report had it: times as 'yyyy-MM-dd HH:mm' text, counts as numbers). */
const VISIT_COLUMNS: [header: string, key: keyof SheetRow, width: number][] = [
  ['客户经理', 'managerName', 12],
  ['工号', 'username', 12],
  ['客户名称', 'customerName', 20],
  ['集团编码', 'groupCode', 12],
  ['客户等级', 'customerClass', 8],
  ['拜访时间', 'visitedAt', 17],
  ['拜访方式', 'type', 10],
  ['结论', 'status', 10],
  ['结论说明', 'reasons', 40],
  ['是否抽样', 'sampled', 8],
  ['回访结果', 'outcome', 12],
  ['通话次数', 'calls', 8],
  ['接通时间', 'answeredAt', 17],
  ['通话时长（秒）', 'talkSeconds', 12],
  ['外呼脚本版本', 'script', 20],
  ['回访得分', 'score', 10],
  ['人工拨打', 'manual', 20],
  ['数据核查', 'findings', 36],
  ['申诉处理', 'disputes', 48],
];

type SheetRow = Record<
  | 'managerName'
  | 'username'
  | 'customerName'
  | 'groupCode'
  | 'customerClass'
  | 'visitedAt'
  | 'type'
  | 'status'
  | 'reasons'
  | 'sampled'
  | 'outcome'
  | 'answeredAt'
  | 'script'
  | 'score'
  | 'manual'
  | 'findings'
  | 'disputes',
  string
> & { calls: number; talkSeconds: number | '' };

const columns: ExportColumn<SheetRow>[] = VISIT_COLUMNS.map(([header, key, width]) => ({ header, width, value: (r) => r[key] }));

/** Managers per query: a month of theirs is some tens of thousands of visits at most. */
const MANAGERS_PER_CHUNK = 200;
const VISITS_PER_CHUNK = 20_000;

type Reason = { code: string; params: Record<string, string | number> };

interface VisitRow {
  managerName: string;
  username: string;
  customerName: string;
  groupCode: string;
  customerClass: string;
  visitedAt: Date | string;
  type: string;
  status: string | null;
  reasons: Reason[] | null;
  findings: { code: string }[] | null;
  sampled: boolean | null;
  outcome: string | null;
  calls: number;
  answeredAt: Date | string | null;
  talkSeconds: number | null;
  scriptName: string | null;
  scriptVersion: number | null;
  score: number | null;
  maxScore: number | null;
  manual: boolean | null;
  disputes: { state: string; subject: string; findingCode: string | null; decidedAt: string | null; decidedBy: string | null; comment: string | null }[];
}

export function visitSheet(db: DbOrTx, input: { closeId: string; managerIds: readonly string[]; timeZone: string }): SheetSpec<SheetRow> {
  return { name: VISIT_SHEET, columns, rows: () => visitSheetRows(db, input) };
}

async function* visitSheetRows(db: DbOrTx, input: { closeId: string; managerIds: readonly string[]; timeZone: string }): AsyncGenerator<SheetRow> {
  const [close] = await rows<{ month: string; watermark: number }>(
    db,
    sql`select month, verdict_watermark::float8 as watermark from month_closes where id = ${input.closeId}::uuid`,
  );
  const t = createTranslator({ locale: 'zh-CN', messages: catalogue['zh-CN'], timeZone: input.timeZone }) as unknown as RootTranslator;
  const named = (key: string, fallback: string) => (t.has(key) ? t(key) : fallback);
  const at = (v: Date | string | null) => (v === null ? '' : format(new TZDate(new Date(v).getTime(), input.timeZone), 'yyyy-MM-dd HH:mm'));
  const w = monthWindow(close.month, input.timeZone);

  // Visit counts per manager only size the chunks; the managers keep the report's order.
  const counts = await rows<{ managerId: string; visits: number }>(
    db,
    sql`select manager_id as "managerId", count(*)::int as visits from visit_reports
         where manager_id = any(${uuidArray(input.managerIds)}) and visited_at >= ${w.start.toISOString()}::timestamptz and visited_at < ${w.end.toISOString()}::timestamptz
         group by manager_id`,
  );
  const byManager = new Map(counts.map((c) => [c.managerId, c.visits]));
  const managers = input.managerIds.filter((id) => byManager.has(id)).map((id) => ({ managerId: id, visits: byManager.get(id)! }));

  for (const chunk of chunkManagers(managers, MANAGERS_PER_CHUNK, VISITS_PER_CHUNK)) {
    const found = await visitRows(db, chunk, w.start, w.end, close.watermark);
    const order = new Map(chunk.map((id, i) => [id, i]));
    found.sort((a, b) => order.get(a.managerId)! - order.get(b.managerId)!);
    for (const r of found) {
      const waived = r.disputes.filter((d) => d.state === 'overturned' && d.subject === 'finding' && d.findingCode).map((d) => d.findingCode!);
      yield {
        managerName: r.managerName,
        username: r.username,
        customerName: r.customerName,
        groupCode: r.groupCode,
        customerClass: r.customerClass,
        visitedAt: at(r.visitedAt),
        type: named(`common.visitType.${r.type}`, r.type),
        status: r.status ? named(`assessment.verdicts.status.${r.status}`, r.status) : '',
        reasons: r.reasons ? verdictText(t, { reasons: withManualMark(r.reasons, r.manual === true) }) : '',
        sampled: r.sampled === null ? '' : r.sampled ? '是' : '否',
        outcome: r.outcome ? named(`assessment.outcome.${r.outcome}`, r.outcome) : '',
        calls: r.calls,
        answeredAt: at(r.answeredAt),
        talkSeconds: r.talkSeconds ?? '',
        script: r.scriptName ? `${r.scriptName} 第 ${r.scriptVersion} 版` : '',
        score: r.score === null ? '' : `${r.score}/${r.maxScore}`,
        manual: r.manual ? t('evidence.attempts.manual') : '',
        findings: [
          ...(r.findings ?? []).filter((f) => !waived.includes(f.code)).map((f) => findingName(t, f.code)),
          ...waived.map((code) => `${findingName(t, code)}（${t('evidence.findings.waived')}）`),
        ].join('；'),
        disputes: r.disputes
          .map((d) => {
            const what = d.subject === 'verdict' ? t('evidence.disputes.subjectVerdict') : t('evidence.disputes.subjectFinding', { finding: findingName(t, d.findingCode ?? '') });
            const state = named(`evidence.disputes.state.${d.state}`, d.state);
            return d.decidedAt ? `${what}：${state}（${d.decidedBy ?? ''}，${at(d.decidedAt)}）${d.comment ?? ''}` : `${what}：${state}`;
          })
          .join('；'),
      };
    }
  }
}

/**
 * One chunk of managers' visits of the month with what the sheet shows, in one statement: the
 * verdict as the close froze it (latest version up to its watermark), the sampled callback, its
 * calls (the one the result rests on, else the latest answered one), its latest result and last
 * attempt, and the disputes (withdrawn ones left out).
 */
async function visitRows(db: DbOrTx, managerIds: readonly string[], from: Date, to: Date, watermark: number) {
  return rows<VisitRow & { managerId: string }>(
    db,
    sql`
      select v.manager_id as "managerId", m.display_name as "managerName", m.username, c.name as "customerName", c.group_code as "groupCode",
             c.class as "customerClass", v.visited_at as "visitedAt", v.type,
             vv.status, vv.reasons, vv.findings, d.sampled, t.outcome,
             coalesce(cs.n, 0) as calls, cs.answered_at as "answeredAt", cs.talk as "talkSeconds",
             s.name as "scriptName", sv.version as "scriptVersion", r.score, r.max_score as "maxScore",
             ${manualResultSql(sql`v.id`)} as manual,
             coalesce(ds.list, '[]'::json) as disputes
        from visit_reports v
        join users m on m.id = v.manager_id
        join customers c on c.id = v.customer_id
        left join lateral (
          select x.status, x.reasons, x.findings from visit_verdicts x
           where x.visit_id = v.id and x.id <= ${watermark} order by x.version desc limit 1
        ) vv on true
        left join sampling_decisions d on d.visit_id = v.id
        left join callback_tasks t on t.visit_id = v.id and t.origin = 'sampled'
        left join lateral (
          select a.call_id from callback_attempts a where a.task_id = t.id order by a.attempt_no desc limit 1
        ) la on t.id is not null
        left join lateral (
          select cr.score, cr.max_score, cr.script_version_id, ra.call_id from callback_results cr
            left join callback_attempts ra on ra.id = cr.attempt_id
           where cr.task_id = t.id order by cr.submitted_at desc, cr.id desc limit 1
        ) r on t.id is not null
        left join script_versions sv on sv.id = r.script_version_id
        left join callback_scripts s on s.id = sv.script_id
        left join lateral (
          select count(*)::int as n,
                 (array_agg(cl.answered_at order by (cl.id = coalesce(r.call_id, la.call_id)) desc nulls last, cl.answered_at is not null desc, cl.created_at desc))[1] as answered_at,
                 (array_agg(case when cl.answered_at is not null then cl.duration_seconds end
                            order by (cl.id = coalesce(r.call_id, la.call_id)) desc nulls last, cl.answered_at is not null desc, cl.created_at desc))[1] as talk
            from calls cl where cl.task_id = t.id
        ) cs on t.id is not null
        -- The chunk's disputes in one pass (by manager: disputes have no index by visit).
        left join (
          select x.visit_id,
                 json_agg(json_build_object('state', x.state, 'subject', x.subject, 'findingCode', x.finding_code, 'decidedAt', x.decided_at,
                                            'decidedBy', u.display_name, 'comment', x.decision_comment) order by x.filed_at, x.id) as list
            from disputes x left join users u on u.id = x.decided_by
           where x.manager_id = any(${uuidArray(managerIds)}) and x.state <> 'withdrawn'
           group by x.visit_id
        ) ds on ds.visit_id = v.id
       where v.manager_id = any(${uuidArray(managerIds)}) and v.visited_at >= ${from.toISOString()}::timestamptz and v.visited_at < ${to.toISOString()}::timestamptz
       order by v.manager_id, v.visited_at, v.id`,
  );
}
