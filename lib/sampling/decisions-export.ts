import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { samplingDecisions, visitReports } from '@/db/schema';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { cursorRows, fileTranslator, named, prepareExport, type ExportColumn, type PreparedExport } from '@/lib/platform/export';
import { decisionConditions } from './decisions';
import { formatDraw } from './draw';
import { samplingReasonText } from './reason-text';
import { listDecisionsInput } from './schemas';

/**
 * 抽样决定 as a file: every decision the list under 抽样设置 shows with the same filters, each with
 * its reason in words, the policy version and the draw it rests on, and the callback's state.
 * Staff and admin, as the list.
 */
export const decisionExportFilters = listDecisionsInput.omit({ page: true, pageSize: true });

interface Row {
  visitedAt: string;
  customerName: string;
  customerClass: string;
  managerName: string;
  unitName: string | null;
  month: string;
  sampled: boolean;
  reasonCode: string;
  reasonParams: Record<string, string | number>;
  policyVersion: number;
  draw: number;
  decidedBy: string;
  decidedAt: string;
  taskState: string | null;
}

export async function exportSamplingDecisions({ ctx, input }: { ctx: Ctx; input: z.input<typeof decisionExportFilters> }): Promise<PreparedExport> {
  assertRole(ctx.actor, 'staff', 'admin');
  const f = parseInput(decisionExportFilters, input);
  const where = decisionConditions(f);
  // Ordered as the list (its visit, newest first).
  const query = sql`
    select ${visitReports.visitedAt} as "visitedAt", c.name as "customerName", c.class as "customerClass", m.display_name as "managerName",
           un.name as "unitName", ${samplingDecisions.month} as month, ${samplingDecisions.sampled} as sampled, ${samplingDecisions.reasonCode} as "reasonCode",
           ${samplingDecisions.reasonParams} as "reasonParams", ${samplingDecisions.policyVersion} as "policyVersion", ${samplingDecisions.draw} as draw,
           ${samplingDecisions.decidedBy} as "decidedBy", ${samplingDecisions.decidedAt} as "decidedAt", t.state as "taskState"
      from ${samplingDecisions}
      join ${visitReports} on ${visitReports.id} = ${samplingDecisions.visitId}
      join customers c on c.id = ${visitReports.customerId}
      join users m on m.id = ${samplingDecisions.managerId}
      left join units un on un.id = m.unit_id
      left join callback_tasks t on t.visit_id = ${samplingDecisions.visitId} and t.origin = 'sampled'
     ${where ? sql`where ${where}` : sql``}
     order by ${visitReports.visitedAt} desc, ${samplingDecisions.visitId} asc`;

  const t = fileTranslator();
  const c = (key: string) => t(`exports.samplingDecisions.columns.${key}`);
  const columns: ExportColumn<Row>[] = [
    { header: c('visitedAt'), format: 'datetime', width: 17, value: (r) => r.visitedAt },
    { header: c('customer'), width: 24, value: (r) => r.customerName },
    { header: c('class'), width: 8, value: (r) => r.customerClass },
    { header: c('manager'), width: 10, value: (r) => r.managerName },
    { header: c('unit'), width: 14, value: (r) => r.unitName },
    { header: c('month'), width: 9, value: (r) => r.month },
    { header: c('sampled'), width: 8, value: (r) => r.sampled },
    { header: c('reason'), width: 50, value: (r) => samplingReasonText(t, r.reasonCode, r.reasonParams) },
    { header: c('policyVersion'), width: 10, value: (r) => (r.policyVersion === 0 ? t('sampling.decisions.versionDefault') : r.policyVersion) },
    { header: c('draw'), width: 10, value: (r) => formatDraw(r.draw) },
    { header: c('decidedBy'), width: 10, value: (r) => named(t, `exports.samplingDecisions.decidedBy.${r.decidedBy}`, r.decidedBy) },
    { header: c('decidedAt'), format: 'datetime', width: 17, value: (r) => r.decidedAt },
    { header: c('taskState'), width: 10, value: (r) => (r.taskState ? named(t, `callbacks.states.${r.taskState}`, r.taskState) : '') },
  ];
  const suffix = f.month ? `-${f.month}` : '';
  return prepareExport({
    title: `${t('exports.samplingDecisions.title')}${suffix}`,
    asciiName: `sampling-decisions${suffix}`,
    sheetName: t('exports.samplingDecisions.title'),
    columns,
    rows: () => cursorRows<Row>(ctx.db, query),
    timeZone: env().APP_TIMEZONE,
  });
}
