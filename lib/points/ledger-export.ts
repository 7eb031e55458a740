import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { pointsLedger } from '@/db/schema';
import { assertRole, inManagerScope, seesEverything } from '@/lib/auth/guards';
import { managerRecordsCondition } from '@/lib/auth/scope';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { blank, parseInput } from '@/lib/platform/core/parse-input';
import { idField } from '@/lib/platform/core/ids';
import { rows } from '@/lib/platform/core/sql';
import { cursorRows, fileTranslator, named, prepareExport, type ExportColumn, type PreparedExport } from '@/lib/platform/export';
import { ledgerCauseText } from './cause-text';
import { ledgerInput } from './schemas';

/**
 * 维系积分明细 as a file: the ledger's entries with the ledger's filters (whose, which month). A
 * manager gets their own; a supervisor one of their unit's managers, or without a manager every
 * entry of the managers in their unit now; staff and admin anyone's, or everyone's. A manager out
 * of scope is absent (404), as on the ledger's pages.
 */
export const ledgerExportFilters = ledgerInput.extend({
  /** The managers in this unit now (单元看板's link); with the scope, a supervisor's other unit is empty. */
  unitId: blank(idField('errors.notFound')),
});

interface Row {
  month: string;
  managerName: string;
  username: string;
  unitName: string | null;
  customerName: string | null;
  customerClass: string | null;
  kind: string;
  cause: string;
  points: number;
  sourceType: string;
  createdAt: string;
}

export async function exportPointsLedger({ ctx, input }: { ctx: Ctx; input: z.input<typeof ledgerExportFilters> }): Promise<PreparedExport> {
  assertRole(ctx.actor, 'manager', 'supervisor', 'staff', 'admin');
  const f = parseInput(ledgerExportFilters, input);
  const managerId = ctx.actor.role === 'manager' ? ctx.actor.id : f.managerId;
  let managerName: string | undefined;
  if (managerId) {
    const [manager] = await rows<{ displayName: string; unitId: string | null }>(
      ctx.db,
      sql`select display_name as "displayName", unit_id as "unitId" from users where id = ${managerId}::uuid and role = 'manager'`,
    );
    if (!manager || !inManagerScope(ctx.actor, { managerId, unitId: manager.unitId })) throw new NotFoundError();
    managerName = manager.displayName;
  }
  let unitName: string | undefined;
  if (f.unitId) {
    const [unit] = await rows<{ name: string }>(ctx.db, sql`select name from units where id = ${f.unitId}::uuid`);
    if (!unit || (!seesEverything(ctx.actor) && ctx.actor.unitId !== f.unitId)) throw new NotFoundError();
    unitName = unit.name;
  }
  const scope = managerRecordsCondition(ctx.actor, pointsLedger.managerId);
  const query = sql`
    select points_ledger.month, m.display_name as "managerName", m.username, un.name as "unitName", c.name as "customerName", c.class as "customerClass",
           points_ledger.kind, points_ledger.cause, points_ledger.points, points_ledger.source_type as "sourceType", points_ledger.created_at as "createdAt"
      from ${pointsLedger}
      join users m on m.id = points_ledger.manager_id
      left join units un on un.id = m.unit_id
      left join customers c on c.id = points_ledger.customer_id
     where true
       ${managerId ? sql`and points_ledger.manager_id = ${managerId}::uuid` : sql``}
       ${f.month ? sql`and points_ledger.month = ${f.month}` : sql``}
       ${f.unitId ? sql`and m.unit_id = ${f.unitId}::uuid` : sql``}
       ${scope ? sql`and ${scope}` : sql``}
     order by points_ledger.month desc, m.display_name, points_ledger.manager_id, points_ledger.id`;

  const t = fileTranslator();
  const c = (key: string) => t(`exports.pointsLedger.columns.${key}`);
  const inAssessment = (key: string, values?: Record<string, string | number>) => t(`assessment.${key}`, values);
  const columns: ExportColumn<Row>[] = [
    { header: c('month'), width: 9, value: (r) => r.month },
    { header: c('manager'), width: 10, value: (r) => r.managerName },
    { header: c('username'), width: 10, value: (r) => r.username },
    { header: c('unit'), width: 14, value: (r) => r.unitName },
    { header: c('customer'), width: 24, value: (r) => r.customerName },
    { header: c('class'), width: 8, value: (r) => r.customerClass },
    { header: c('kind'), width: 14, value: (r) => named(t, `assessment.ledger.kind.${r.kind}`, r.kind) },
    { header: c('cause'), width: 30, value: (r) => ledgerCauseText(inAssessment, r) },
    { header: c('points'), format: 'integer', width: 8, value: (r) => r.points },
    { header: c('source'), width: 10, value: (r) => t(`assessment.ledger.sources.${r.sourceType === 'close' ? 'close' : 'recompute'}`) },
    { header: c('createdAt'), format: 'datetime', width: 17, value: (r) => r.createdAt },
  ];
  const parts = [unitName, managerName, f.month].filter(Boolean);
  return prepareExport({
    title: [t('exports.pointsLedger.title'), ...parts].join('-'),
    asciiName: ['points-ledger', f.month].filter(Boolean).join('-'),
    sheetName: t('exports.pointsLedger.title'),
    columns,
    rows: () => cursorRows<Row>(ctx.db, query),
    timeZone: env().APP_TIMEZONE,
  });
}
