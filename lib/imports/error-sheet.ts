import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createTranslator } from 'next-intl';
import { imports } from '@/db/schema';
import { openSheet, streamingBook } from '@/lib/platform/core/xlsx';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { parseInput } from '@/lib/platform/core/parse-input';
import { DEFAULT_LOCALE, toLocale } from '@/lib/platform/i18n/config';
import { catalogue } from '@/lib/platform/i18n/messages';
import { z } from 'zod';
import { idSchema } from '@/lib/platform/core/ids';
import { importIssues } from './imports';
import { describeIssue } from './issue-text';

const input = z.object({ id: idSchema, locale: z.string().optional() });

/**
 * The error list of an import as an XLSX, one problem a line with the spreadsheet row number the
 * person sees in their own file, so they can fix it there. Staff and admin (imports have no unit:
 * they see every import).
 */
export async function importErrorsWorkbook({ ctx, input: raw }: { ctx: Ctx; input: z.input<typeof input> }): Promise<{ fileName: string; body: Buffer }> {
  assertRole(ctx.actor, 'staff', 'admin');
  const { id, locale: asked } = parseInput(input, raw);
  const locale = toLocale(asked ?? DEFAULT_LOCALE);
  const [record] = await ctx.db.select({ kind: imports.kind, fileName: imports.fileName }).from(imports).where(eq(imports.id, id));
  if (!record) throw new NotFoundError();
  const t = createTranslator({ locale, messages: catalogue[locale], namespace: 'imports', timeZone: env().APP_TIMEZONE });
  const { book, done } = streamingBook();
  const sheet = openSheet(book, t('errorsSheet.name'), [
    { header: t('errorsSheet.row'), key: 'row', width: 8 },
    { header: t('errorsSheet.column'), key: 'column', width: 16 },
    { header: t('errorsSheet.value'), key: 'value', width: 28 },
    { header: t('errorsSheet.problem'), key: 'problem', width: 70 },
  ]);
  for await (const issue of importIssues(ctx.db, id)) {
    const text = describeIssue(record.kind, issue, locale);
    sheet.addRow({ ...text, row: text.row ?? t('wholeFile') }).commit();
  }
  sheet.commit();
  const base = path.parse(record.fileName).name;
  return { fileName: `${base}-${t('errorsSheet.name')}.xlsx`, body: await done() };
}
