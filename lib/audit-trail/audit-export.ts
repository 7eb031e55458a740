import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { cursorRows, fileTranslator, prepareExport, type ExportColumn, type PreparedExport } from '@/lib/platform/export';
import { actionLabel, auditSentence, entityLabel } from './catalogue';
import { auditConditions, entriesSql, toEntry, type EntryRow } from './queries';
import { listAuditEntriesInput } from './schemas';

/**
 * 操作记录 as a file: every entry the audit page lists with the same filters, newest first, each
 * as the page's sentence (names joined in SQL; the stored before/after values stay out, as on the
 * page, since they may hold phone numbers). Staff and admin, as the page.
 */
export async function exportAuditEntries({ ctx, input }: { ctx: Ctx; input: z.input<typeof listAuditEntriesInput> }): Promise<PreparedExport> {
  assertRole(ctx.actor, 'staff', 'admin');
  // The list's own filters; its page, if the link carries one, does not cut the file.
  const f = parseInput(listAuditEntriesInput, input);
  const query = entriesSql(sql`select a.* from audit_log a ${auditConditions(f)}`, 'newest');

  const t = fileTranslator();
  const c = (key: string) => t(`exports.auditLog.columns.${key}`);
  const columns: ExportColumn<EntryRow>[] = [
    { header: c('at'), format: 'datetime', width: 17, value: (r) => toEntry(r).at },
    { header: c('person'), width: 10, value: (r) => r.actorName ?? t('auditTrail.system') },
    { header: c('username'), width: 10, value: (r) => r.actorUsername },
    { header: c('action'), width: 14, value: (r) => actionLabel(t, r.action) },
    { header: c('sentence'), width: 60, value: (r) => auditSentence(t, toEntry(r)) },
    { header: c('recordType'), width: 10, value: (r) => entityLabel(t, r.entityType) },
    { header: c('recordId'), width: 38, value: (r) => r.entityId },
  ];
  const days = [f.from, f.to].filter(Boolean).join('~');
  const suffix = days ? `-${days}` : '';
  return prepareExport({
    title: `${t('exports.auditLog.title')}${suffix}`,
    asciiName: `audit-log${suffix}`,
    sheetName: t('exports.auditLog.title'),
    columns,
    rows: () => cursorRows<EntryRow>(ctx.db, query),
    timeZone: env().APP_TIMEZONE,
  });
}
