import path from 'node:path';
import { createTranslator } from 'next-intl';
import { z } from 'zod';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { idSchema } from '@/lib/platform/core/ids';
import { parseInput } from '@/lib/platform/core/parse-input';
import { prepareExport, type ExportColumn, type PreparedExport } from '@/lib/platform/export';
import { DEFAULT_LOCALE, toLocale } from '@/lib/platform/i18n/config';
import { catalogue } from '@/lib/platform/i18n/messages';
import { importIssueTexts, importOf } from './errors-export';
import type { describeIssue } from './issue-text';

const input = z.object({ id: idSchema, locale: z.string().optional() });

/**
 * The error list of an import as an XLSX in the reader's language (下载错误清单 on the import's
 * page), one problem a line with the spreadsheet row number the person sees in their own file, so
 * they can fix it there. Streamed like every export (the rows read through a cursor as the file
 * is written); the import is found, or a 404, before a byte is sent. Staff and admin (imports have
 * no unit: they see every import). /api/exports/import-errors is the same list in Chinese, as CSV too.
 */
export async function importErrorsWorkbook({ ctx, input: raw }: { ctx: Ctx; input: z.input<typeof input> }): Promise<PreparedExport> {
  assertRole(ctx.actor, 'staff', 'admin');
  const { id, locale: asked } = parseInput(input, raw);
  const locale = toLocale(asked ?? DEFAULT_LOCALE);
  const record = await importOf(ctx, id);
  const t = createTranslator({ locale, messages: catalogue[locale], namespace: 'imports', timeZone: env().APP_TIMEZONE });
  const columns: ExportColumn<ReturnType<typeof describeIssue>>[] = [
    { header: t('errorsSheet.row'), format: 'integer', width: 8, value: (r) => r.row ?? t('wholeFile') },
    { header: t('errorsSheet.column'), width: 16, value: (r) => r.column },
    { header: t('errorsSheet.value'), width: 28, value: (r) => r.value },
    { header: t('errorsSheet.problem'), width: 70, value: (r) => r.problem },
  ];
  return prepareExport({
    title: `${path.parse(record.fileName).name}-${t('errorsSheet.name')}`,
    asciiName: 'import-errors',
    sheetName: t('errorsSheet.name'),
    columns,
    rows: () => importIssueTexts(ctx, record, id, locale),
    timeZone: env().APP_TIMEZONE,
  });
}
