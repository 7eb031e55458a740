import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { createTranslator } from 'next-intl';
import { isDomainError, ValidationError, type ErrorParams } from '@/lib/platform/core/errors';
import { DEFAULT_LOCALE, toLocale, type Locale } from '@/lib/platform/i18n/config';
import { catalogue } from '@/lib/platform/i18n/messages';
import { translateError } from '@/lib/platform/i18n/translate';
import { checkImportFile, runImportInline } from '@/lib/imports/imports';
import { describeIssue } from '@/lib/imports/issue-text';
import { importHandler, type ImportKind } from '@/lib/imports/kinds';
import { orderedSummary } from '@/lib/imports/status';
import { CliError, cliContext } from './context';

/**
 * The import commands (import-customers, import-visits): one shape for both, every line from the
 * `imports` catalogue — Chinese by default, `--lang en` for English. `--dry-run` reads the file
 * where it lies and writes nothing at all; without it the file is uploaded, checked and, when
 * clean, committed exactly as the web app does.
 */
const cliText = (locale: Locale) => createTranslator({ locale, messages: catalogue[locale], namespace: 'imports' });

function headersHelp(kind: ImportKind, locale: Locale): string {
  const t = cliText(locale);
  const lines = importHandler(kind).columns.map((c) => `  ${c.required ? '*' : ' '} ${c.headers.join(' / ')}`);
  return ['', t('cli.headersIntro'), ...lines, '', kind === 'customers' ? t('cli.customersHelp') : t('cli.visitsHelp')].join('\n');
}

interface Outcome {
  id: string | null;
  status: string;
  totalRows: number;
  goodRows: number;
  errorCount: number;
  errors: { rowNumber: number; column?: string | null; code: string; params?: ErrorParams | null; value?: string | null }[];
  summary: Record<string, number> | null;
  failureMessage?: string | null;
}

export function registerImportCommand(program: Command, kind: ImportKind, name: string) {
  const t0 = cliText(DEFAULT_LOCALE);
  program
    .command(name)
    .description(kind === 'customers' ? t0('cli.customersDescription') : t0('cli.visitsDescription'))
    .argument('<file>', t0('cli.fileArgument'))
    .option('--dry-run', t0('cli.dryRunOption'))
    .option('--as <username>', t0('cli.asOption'))
    .option('--lang <locale>', t0('cli.langOption'), DEFAULT_LOCALE)
    .addHelpText('after', headersHelp(kind, DEFAULT_LOCALE))
    .action(async (file: string, opts: { dryRun?: boolean; as?: string; lang: string }) => {
      const locale = toLocale(opts.lang);
      const t = cliText(locale);
      const filePath = path.resolve(file);
      if (!existsSync(filePath)) throw new CliError(t('cli.noFile', { path: filePath }));
      const input = { kind, fileName: path.basename(filePath) };
      const { ctx, handle } = await cliContext(opts.as, { readOnly: opts.dryRun });
      let result: Outcome;
      try {
        result = opts.dryRun
          ? await checkImportFile({ ctx, input: { ...input, filePath } })
          : // The CLI context holds the pool itself (never a transaction): the import commits in its own.
            await runImportInline({ ctx, db: ctx.db, input, filePath, commit: true });
      } catch (error) {
        if (error instanceof ValidationError) throw new CliError(error.issues.map((i) => translateError(i.code, i.params, locale)).join('\n'));
        if (isDomainError(error)) throw new CliError(translateError(error.code, error.params, locale));
        throw error;
      } finally {
        await handle.close();
      }

      const summaryLines = () =>
        orderedSummary(result.summary).map(([key, value]) => t('cli.summaryLine', { label: t.has(`summary.${key}` as never) ? t(`summary.${key}` as never) : key, value }));
      if (result.status === 'failed') throw new CliError(t('cli.failed', { id: result.id ?? '', message: result.failureMessage ?? '' }));
      if (result.errorCount > 0) {
        for (const e of result.errors) {
          const text = describeIssue(kind, e, locale);
          const line =
            text.row === null
              ? t('cli.problemInFile', { problem: text.problem })
              : text.column
                ? t('cli.problem', { row: text.row, column: text.column, problem: text.problem })
                : t('cli.problemInRow', { row: text.row, problem: text.problem });
          console.error(line);
        }
        if (result.errorCount > result.errors.length) console.error(t('cli.more', { count: result.errorCount - result.errors.length }));
        // What the good rows alone would do, so the person knows how much of the file is fine.
        if (result.goodRows > 0) console.log([t('cli.wouldDo', { count: result.goodRows }), ...summaryLines()].join('\n'));
        throw new CliError(t('cli.rejected', { file: input.fileName, count: result.errorCount }));
      }
      const head = opts.dryRun
        ? [t('cli.dryRun', { rows: result.totalRows }), t('cli.wouldDo', { count: result.goodRows })]
        : [t('cli.imported', { rows: result.totalRows, id: result.id ?? '' })];
      console.log([...head, ...summaryLines()].join('\n'));
    });
}
