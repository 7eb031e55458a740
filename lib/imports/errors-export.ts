import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { idSchema } from '@/lib/platform/core/ids';
import { parseInput } from '@/lib/platform/core/parse-input';
import { rows } from '@/lib/platform/core/sql';
import { cursorRows, fileTranslator, prepareExport, type ExportColumn, type PreparedExport } from '@/lib/platform/export';
import type { Locale } from '@/lib/platform/i18n/config';
import { describeIssue } from './issue-text';
import type { ImportKind } from './kinds';

/**
 * 导入错误 as a file: every problem of one import (the list on its page, all pages of it) with the
 * spreadsheet row the person sees in their own file, the column by the file's header, the value
 * and the problem in words. Staff and admin (imports have no unit: they see every import).
 */
export const importErrorFilters = z.object({ id: idSchema });

type Issue = ReturnType<typeof describeIssue>;

interface Row {
  rowNumber: number;
  column: string | null;
  code: string;
  params: Record<string, string | number> | null;
  value: string | null;
}

/** The import (its kind reads the codes; its file names the download), or a 404. */
export async function importOf(ctx: Ctx, id: string): Promise<{ kind: ImportKind; fileName: string }> {
  const [record] = await rows<{ kind: ImportKind; fileName: string }>(ctx.db, sql`select kind, file_name as "fileName" from imports where id = ${id}::uuid`);
  if (!record) throw new NotFoundError();
  return record;
}

/** An import's problems in words, in the order of the person's file as the page lists them, read through a cursor. */
export async function* importIssueTexts(ctx: Ctx, record: { kind: ImportKind }, id: string, locale: Locale): AsyncGenerator<Issue> {
  const query = sql`select row_number as "rowNumber", "column", code, params, value from import_errors where import_id = ${id}::uuid order by row_number, "column", id`;
  for await (const issue of cursorRows<Row>(ctx.db, query)) yield describeIssue(record.kind, issue, locale);
}

export async function exportImportErrors({ ctx, input }: { ctx: Ctx; input: z.input<typeof importErrorFilters> }): Promise<PreparedExport> {
  assertRole(ctx.actor, 'staff', 'admin');
  const { id } = parseInput(importErrorFilters, input);
  const record = await importOf(ctx, id);
  const t = fileTranslator();
  const c = (key: string) => t(`exports.importErrors.columns.${key}`);
  const columns: ExportColumn<Issue>[] = [
    { header: c('row'), format: 'integer', width: 8, value: (r) => r.row ?? t('imports.wholeFile') },
    { header: c('column'), width: 16, value: (r) => r.column },
    { header: c('value'), width: 28, value: (r) => r.value },
    { header: c('problem'), width: 70, value: (r) => r.problem },
  ];
  const base = path.parse(record.fileName).name;
  return prepareExport({
    title: `${base}-${t('exports.importErrors.title')}`,
    asciiName: `import-errors-${id.slice(0, 8)}`,
    sheetName: t('exports.importErrors.title'),
    columns,
    rows: () => importIssueTexts(ctx, record, id, 'zh-CN'),
    timeZone: env().APP_TIMEZONE,
  });
}
