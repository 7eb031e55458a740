import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { isDomainError, ValidationError } from '@/lib/core/errors';
import { translateError } from '@/lib/i18n/translate';
import { runImportInline } from '@/lib/imports/imports';
import { columnLabel } from '@/lib/imports/template';
import { visitColumns } from '@/lib/visits/import';
import { CliError, cliContext } from './context';

function headersHelp(): string {
  const lines = visitColumns.map((c) => `  ${c.key.padEnd(16)} ${c.required ? 'required' : 'optional'}  ${c.headers.join(' / ')}`);
  return [
    '',
    'Accepted headers (first row; Chinese or English, any order):',
    ...lines,
    '',
    'Values: 拜访方式 上门/上门拜访/电话/电话拜访/on-site/phone; 拜访时间 "YYYY-MM-DD HH:mm" in APP_TIMEZONE',
    '(or an Excel date); 签到方式 定位/GPS/扫码/QR/无/none; several contacts separated by 、，,;；',
    'Without 填报时间 the import time is the reporting time. Rows already imported are left as they are.',
  ].join('\n');
}

export function register(program: Command) {
  program
    .command('import-visits')
    .description('Import visit reports (附件3《集团客户拜访记录》): check every row, then write all of them in one transaction')
    .argument('<file>', 'CSV (UTF-8 or GBK) or XLSX file')
    .option('--dry-run', 'check the file and show what would be imported; write nothing')
    .option('--as <username>', 'act as this staff or admin user (default: system)')
    .addHelpText('after', headersHelp())
    .action(async (file: string, opts: { dryRun?: boolean; as?: string }) => {
      try {
        await access(file);
      } catch {
        throw new CliError(`Cannot read "${file}".`);
      }
      const { ctx, handle } = await cliContext(opts.as);
      let result;
      try {
        result = await runImportInline({
          ctx,
          db: handle.db,
          input: { kind: 'visits', fileName: path.basename(file) },
          filePath: path.resolve(file),
          commit: !opts.dryRun,
        });
      } catch (error) {
        if (error instanceof ValidationError) {
          throw new CliError(error.issues.map((i) => `${i.field}: ${translateError(i.code, i.params)}`).join('\n'));
        }
        if (isDomainError(error)) throw new CliError(translateError(error.code, error.params));
        throw error;
      } finally {
        await handle.close();
      }

      if (result.errorCount > 0) {
        for (const e of result.errors) {
          const column = e.column ? `, column ${columnLabel('visits', e.column, 'zh-CN')}` : '';
          const value = e.value ? ` [${e.value}]` : '';
          console.error(`row ${e.rowNumber}${column}: ${translateError(e.code, e.params)}${value}`);
        }
        if (result.errorCount > result.errors.length) console.error(`… and ${result.errorCount - result.errors.length} more.`);
        throw new CliError(`${result.errorCount} problem(s) in ${result.totalRows} row(s); nothing was written (import ${result.id}).`);
      }
      if (result.status === 'failed') throw new CliError(`The import failed: ${result.failureMessage ?? 'unknown error'} (import ${result.id}).`);
      // jsonb does not keep key order; print in reading order.
      const order = ['visitsCreated', 'visitsUnchanged', 'visitsLate'];
      const summary = Object.entries(result.summary ?? {})
        .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
        .map(([key, value]) => `${key}=${value}`)
        .join(', ');
      const what = result.status === 'committed' ? 'Imported' : 'Checked (dry run, nothing written)';
      console.log(`${what}: ${result.totalRows} row(s); ${summary} (import ${result.id}).`);
    });
}
