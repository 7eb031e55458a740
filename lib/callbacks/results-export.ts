import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { rows } from '@/lib/platform/core/sql';
import { cursorRows, fileTranslator, named, prepareExport, type ExportColumn, type FileTranslator, type PreparedExport } from '@/lib/platform/export';
import { monthOf, monthRange } from '@/lib/platform/time/zone';
import type { ScriptDefinition } from '@/lib/scripts/definition';
import { manualResultsInput } from './manual-results';

/**
 * 回访结果 as a file: every callback attempt on the visits of a month (the visit's month, the
 * assessment month the result counts in, as at /queue/manual) with its outcome and, when the
 * contact answered the script, the result: score, verdict, knock-out and every answer in words.
 * `manual=true` gives the rows of /queue/manual (attempts without a call record). Staff and admin.
 */
const flag = z.union([z.boolean(), z.enum(['true', 'false'], 'errors.invalidValue').transform((v) => v === 'true')]);
export const callbackResultFilters = manualResultsInput.extend({ manual: flag.optional() });

interface Row {
  customerName: string;
  groupCode: string;
  customerClass: string;
  managerName: string;
  unitName: string | null;
  visitedAt: string;
  visitType: string;
  origin: string;
  attemptNo: number;
  agentName: string;
  startedAt: string;
  endedAt: string;
  outcome: string;
  manual: boolean;
  score: number | null;
  maxScore: number | null;
  result: string | null;
  knockedOut: string | null;
  scriptVersionId: string | null;
  answers: Record<string, unknown> | null;
  notes: string;
}

interface ScriptVersion {
  id: string;
  name: string;
  version: number;
  definition: ScriptDefinition;
}

/** An answer in words: the options' labels, else the value as given. */
function answersText(definition: ScriptDefinition | undefined, answers: Record<string, unknown> | null): string {
  if (!answers) return '';
  const questions = definition?.questions ?? [];
  const label = (q: ScriptDefinition['questions'][number] | undefined, v: unknown) => q?.options.find((o) => o.id === v)?.label ?? String(v);
  const said = (q: ScriptDefinition['questions'][number] | undefined, v: unknown) => (Array.isArray(v) ? v.map((x) => label(q, x)).join('、') : label(q, v));
  const known = questions.filter((q) => answers[q.id] !== undefined && answers[q.id] !== null && answers[q.id] !== '').map((q) => `${q.text}：${said(q, answers[q.id])}`);
  const others = Object.entries(answers)
    .filter(([id, v]) => !questions.some((q) => q.id === id) && v !== null && v !== undefined && v !== '')
    .map(([id, v]) => `${id}：${said(undefined, v)}`);
  return [...known, ...others].join('；');
}

export async function exportCallbackResults({ ctx, input }: { ctx: Ctx; input: z.input<typeof callbackResultFilters> }): Promise<PreparedExport> {
  assertRole(ctx.actor, 'staff', 'admin');
  const timeZone = env().APP_TIMEZONE;
  const f = parseInput(callbackResultFilters, input);
  const month = f.month ?? monthOf(ctx.now(), timeZone);
  const { start, end } = monthRange(month, timeZone);
  const query = sql`
    select c.name as "customerName", c.group_code as "groupCode", c.class as "customerClass", m.display_name as "managerName", un.name as "unitName",
           v.visited_at as "visitedAt", v.type as "visitType", t.origin, a.attempt_no as "attemptNo", ag.display_name as "agentName",
           a.started_at as "startedAt", a.ended_at as "endedAt", a.outcome, a.manual, r.score, r.max_score as "maxScore", r.result,
           r.knocked_out as "knockedOut", r.script_version_id as "scriptVersionId", r.answers, a.notes
      from callback_attempts a
      join callback_tasks t on t.id = a.task_id
      join visit_reports v on v.id = t.visit_id
      join customers c on c.id = t.customer_id
      join users m on m.id = t.manager_id
      join users ag on ag.id = a.agent_id
      left join units un on un.id = t.unit_id
      left join callback_results r on r.attempt_id = a.id
     where v.visited_at >= ${start.toISOString()}::timestamptz and v.visited_at < ${end.toISOString()}::timestamptz
       ${f.manual === undefined ? sql`` : sql`and a.manual = ${f.manual}`}
     order by a.ended_at desc, a.id desc`;
  // Script versions are few (each edit publishes one): read once, looked up per row.
  const versions = new Map(
    (
      await rows<ScriptVersion>(
        ctx.db,
        sql`select sv.id, s.name, sv.version, sv.definition from script_versions sv join callback_scripts s on s.id = sv.script_id`,
      )
    ).map((v) => [v.id, v]),
  );

  const versionOf = (r: Row) => (r.scriptVersionId ? versions.get(r.scriptVersionId) : undefined);
  const t: FileTranslator = fileTranslator();
  const c = (key: string) => t(`exports.callbackResults.columns.${key}`);
  const columns: ExportColumn<Row>[] = [
    { header: c('customer'), width: 24, value: (r) => r.customerName },
    { header: c('groupCode'), width: 12, value: (r) => r.groupCode },
    { header: c('class'), width: 8, value: (r) => r.customerClass },
    { header: c('manager'), width: 10, value: (r) => r.managerName },
    { header: c('unit'), width: 14, value: (r) => r.unitName },
    { header: c('visitedAt'), format: 'datetime', width: 17, value: (r) => r.visitedAt },
    { header: c('visitType'), width: 10, value: (r) => named(t, `common.visitType.${r.visitType}`, r.visitType) },
    { header: c('origin'), width: 10, value: (r) => named(t, `exports.callbackResults.origin.${r.origin}`, r.origin) },
    { header: c('attemptNo'), format: 'integer', width: 8, value: (r) => r.attemptNo },
    { header: c('agent'), width: 10, value: (r) => r.agentName },
    { header: c('startedAt'), format: 'datetime', width: 17, value: (r) => r.startedAt },
    { header: c('endedAt'), format: 'datetime', width: 17, value: (r) => r.endedAt },
    { header: c('outcome'), width: 10, value: (r) => named(t, `assessment.outcome.${r.outcome}`, r.outcome) },
    { header: c('manual'), width: 8, value: (r) => r.manual },
    { header: c('score'), format: 'integer', width: 8, value: (r) => r.score },
    { header: c('maxScore'), format: 'integer', width: 8, value: (r) => r.maxScore },
    { header: c('result'), width: 10, value: (r) => (r.result ? named(t, `exports.callbackResults.result.${r.result}`, r.result) : '') },
    {
      header: c('knockedOut'),
      width: 20,
      value: (r) => (r.knockedOut ? (versionOf(r)?.definition.questions.find((q) => q.id === r.knockedOut)?.text ?? r.knockedOut) : ''),
    },
    {
      header: c('script'),
      width: 18,
      value: (r) => {
        const v = versionOf(r);
        return v ? t('exports.callbackResults.script', { name: v.name, version: v.version }) : '';
      },
    },
    { header: c('answers'), width: 60, value: (r) => answersText(versionOf(r)?.definition, r.answers) },
    { header: c('notes'), width: 30, value: (r) => r.notes },
  ];
  return prepareExport({
    title: `${t('exports.callbackResults.title')}-${month}`,
    asciiName: `callback-results-${month}`,
    sheetName: t('exports.callbackResults.title'),
    columns,
    rows: () => cursorRows<Row>(ctx.db, query),
    timeZone,
  });
}
