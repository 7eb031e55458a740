import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { createTranslator } from 'next-intl';
import type { Db } from '@/db/client';
import { env } from '@/lib/config/env';
import { customerColumns } from '@/lib/customers/import';
import { runImportInline } from '@/lib/imports/imports';
import { columnLabel } from '@/lib/imports/template';
import { toLocale } from '@/lib/i18n/config';
import { catalogue } from '@/lib/i18n/messages';
import { translateError } from '@/lib/i18n/translate';
import { CliError, withCli } from './context';

function headersHelp(): string {
  const lines = customerColumns.map((c) => `  ${c.required ? '*' : ' '} ${c.key.padEnd(16)} ${c.headers.join(' / ')}`);
  return [
    '',
    'The file is 附件1《集团客户明细》 as CSV (UTF-8, UTF-8 with BOM, or GBK) or XLSX (first sheet),',
    'one header row, then one row per customer contact. Accepted headers (* = required):',
    ...lines,
    '',
    'Rows with the same group code describe one customer and add contacts to it. Blank optional',
    'cells keep what is on file. The manager column claims the customer for that manager from',
    '认领生效日期 (default: now); a different manager than the current one reassigns the claim.',
    'Nothing is written when any row has a problem; problems are listed as "row N, column X: …".',
  ].join('\n');
}

export function register(program: Command) {
  program
    .command('import-customers')
    .description('Import customers, contacts and claims (附件1《集团客户明细》) from a CSV or XLSX file')
    .argument('<file>', 'path to the .csv or .xlsx file')
    .option('--dry-run', 'check the file and show what would change, without writing')
    .option('--as <username>', 'act as this staff or admin user (default: system)')
    .option('--lang <locale>', 'language of messages: zh-CN or en', 'zh-CN')
    .addHelpText('after', headersHelp())
    .action(async (file: string, opts: { dryRun?: boolean; as?: string; lang: string }) => {
      const filePath = path.resolve(file);
      if (!existsSync(filePath)) throw new CliError(`No such file: ${filePath}`);
      const locale = toLocale(opts.lang);
      const result = await withCli(opts.as, (ctx) =>
        runImportInline({
          ctx,
          // The CLI context holds the pool itself (never a transaction): the import commits in its own.
          db: ctx.db as Db,
          input: { kind: 'customers', fileName: path.basename(filePath) },
          filePath,
          commit: !opts.dryRun,
        }),
      );

      if (result.status === 'failed') throw new CliError(`Import failed: ${result.failureMessage ?? 'unknown error'}`);
      if (result.errorCount > 0) {
        const lines = result.errors.map((e) => {
          const where = e.column ? `row ${e.rowNumber}, column ${columnLabel('customers', e.column, locale)}` : `row ${e.rowNumber}`;
          return `${where}: ${translateError(e.code, e.params as Record<string, string | number>, locale)}`;
        });
        if (result.errorCount > result.errors.length) lines.push(`… and ${result.errorCount - result.errors.length} more`);
        throw new CliError([`${result.errorCount} problem(s) in ${path.basename(filePath)}; nothing was written.`, ...lines].join('\n'));
      }

      const t = createTranslator({ locale, messages: catalogue[locale], namespace: 'imports', timeZone: env().APP_TIMEZONE });
      const summary = (result.summary ?? {}) as Record<string, number>;
      console.log(opts.dryRun ? `Checked ${result.totalRows} rows; importing would:` : `Imported ${result.totalRows} rows:`);
      for (const [key, value] of Object.entries(summary)) {
        const label = t.has(`summary.${key}` as never) ? t(`summary.${key}` as never) : key;
        console.log(`  ${label}: ${value}`);
      }
    });
}
