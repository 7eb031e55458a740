import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { customers, users, visitReports } from '@/db/schema';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { cursorRows, fileTranslator, named, prepareExport, type ExportColumn, type PreparedExport } from '@/lib/platform/export';
import { seesUnpublished } from './verdict-status';
import { findingName, verdictText } from './verdict-text';
import { listVisitsInput } from './schemas';
import { visitContactNamesSql, visitListConditions } from './visits';

/**
 * 拜访记录 as a file: every visit the list at /visits shows with the same filters (its schema and
 * scope rule, visitListConditions), not one page of them, each with the verdict the actor may see,
 * its reasons in words and the data-check findings it rests on.
 */
export const visitExportFilters = listVisitsInput.omit({ page: true, pageSize: true });

interface Row {
  visitedAt: string;
  reportedAt: string;
  customerName: string;
  groupCode: string;
  customerClass: string;
  managerName: string;
  username: string;
  unitName: string | null;
  contactNames: string;
  type: string;
  checkInMethod: string;
  purpose: string;
  late: boolean;
  backfill: string | null;
  source: string;
  verdict: string;
  reasons: { code: string; params: Record<string, string | number> }[] | null;
  findings: { code: string }[] | null;
}

export async function exportVisits({ ctx, input }: { ctx: Ctx; input: z.input<typeof visitExportFilters> }): Promise<PreparedExport> {
  assertRole(ctx.actor, 'manager', 'supervisor', 'staff', 'admin');
  const f = parseInput(visitExportFilters, input);
  const { where, verdict } = visitListConditions(ctx.actor, f);
  const published = seesUnpublished(ctx.actor) ? sql`` : sql`and x.published_at is not null`;
  const query = sql`
    select ${visitReports.visitedAt} as "visitedAt", ${visitReports.reportedAt} as "reportedAt", ${customers.name} as "customerName",
           ${customers.groupCode} as "groupCode", ${customers.class} as "customerClass", ${users.displayName} as "managerName",
           ${users.username} as username, un.name as "unitName", ${visitContactNamesSql()} as "contactNames", ${visitReports.type} as type,
           ${visitReports.checkInMethod} as "checkInMethod", ${visitReports.purpose} as purpose, ${visitReports.late} as late,
           ${visitReports.backfill} as backfill, ${visitReports.source} as source, ${verdict} as verdict, lv.reasons, lv.findings
      from ${visitReports}
      join ${customers} on ${customers.id} = ${visitReports.customerId}
      join ${users} on ${users.id} = ${visitReports.managerId}
      left join units un on un.id = ${users.unitId}
      left join lateral (
        select x.reasons, x.findings from visit_verdicts x where x.visit_id = ${visitReports.id} ${published} order by x.version desc limit 1
      ) lv on true
     ${where ? sql`where ${where}` : sql``}
     order by ${visitReports.visitedAt} desc, ${visitReports.id} desc`;

  const t = fileTranslator();
  const c = (key: string) => t(`exports.visits.columns.${key}`);
  const columns: ExportColumn<Row>[] = [
    { header: c('visitedAt'), format: 'datetime', width: 17, value: (r) => r.visitedAt },
    { header: c('customer'), width: 24, value: (r) => r.customerName },
    { header: c('groupCode'), width: 12, value: (r) => r.groupCode },
    { header: c('class'), width: 8, value: (r) => r.customerClass },
    { header: c('manager'), width: 10, value: (r) => r.managerName },
    { header: c('username'), width: 10, value: (r) => r.username },
    { header: c('unit'), width: 14, value: (r) => r.unitName },
    { header: c('contacts'), width: 16, value: (r) => r.contactNames },
    { header: c('type'), width: 10, value: (r) => named(t, `common.visitType.${r.type}`, r.type) },
    { header: c('checkIn'), width: 10, value: (r) => named(t, `common.checkIn.${r.checkInMethod}`, r.checkInMethod) },
    { header: c('purpose'), width: 30, value: (r) => r.purpose },
    { header: c('reportedAt'), format: 'datetime', width: 17, value: (r) => r.reportedAt },
    { header: c('late'), width: 8, value: (r) => r.late },
    { header: c('backfill'), width: 10, value: (r) => (r.backfill ? named(t, `exports.visits.backfill.${r.backfill}`, r.backfill) : '') },
    { header: c('source'), width: 8, value: (r) => named(t, `common.source.${r.source}`, r.source) },
    { header: c('verdict'), width: 10, value: (r) => named(t, `assessment.verdicts.status.${r.verdict}`, r.verdict) },
    { header: c('reasons'), width: 40, value: (r) => (r.reasons ? verdictText(t, { reasons: r.reasons }) : '') },
    { header: c('findings'), width: 36, value: (r) => (r.findings ?? []).map((x) => findingName(t, x.code)).join('；') },
  ];
  const suffix = f.month ? `-${f.month}` : '';
  return prepareExport({
    title: `${t('exports.visits.title')}${suffix}`,
    asciiName: `visits${suffix}`,
    sheetName: t('exports.visits.title'),
    columns,
    rows: () => cursorRows<Row>(ctx.db, query),
    timeZone: env().APP_TIMEZONE,
  });
}
