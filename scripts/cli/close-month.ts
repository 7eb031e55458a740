import type { Command } from 'commander';
import { closeMonth } from '@/lib/assessment/close';
import { isMonth } from '@/lib/time/zone';
import { CliError, withCli } from './context';

export function register(program: Command) {
  program
    .command('close-month')
    .description('Close a month (月结): re-check its visits and freeze verdicts, coverage, points and each manager\'s score and grade')
    .argument('<month>', 'the month to close, YYYY-MM in APP_TIMEZONE (it must be over)')
    .option('--as <username>', 'close as this staff or admin user (default: the system user)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      [
        '',
        'Every visit of the month is checked again (data checks, verdicts), coverage and points are',
        'computed and the ledger corrected by appended entries; then a new version of the month is',
        'frozen with each manager\'s figures, score and grade, and the changes from the previous version.',
        'Closing again with nothing changed gives the same figures and no changes. Also runs in the',
        'worker on the configured day of the next month (the assessment policy\'s closeDay, default 3).',
      ].join('\n'),
    )
    .action(async (month: string, opts: { as?: string; json?: boolean }) => {
      if (!isMonth(month)) throw new CliError(`The month must look like 2026-11, not "${month}".`);
      const started = Date.now();
      const result = await withCli(opts.as, (ctx) =>
        closeMonth({ ctx, input: { month }, options: { onChunk: opts.json ? undefined : ({ chunk, chunks }) => console.log(`chunk ${chunk}/${chunks}`) } }),
      );
      if (opts.json) {
        console.log(JSON.stringify(result));
        return;
      }
      const t = result.totals;
      console.log(
        `Closed ${result.month}: version ${result.version}, ${result.managers} managers, ${result.changes} change(s) from the previous version ` +
          `(${((Date.now() - started) / 1000).toFixed(1)} s).`,
      );
      console.log(
        `Coverage ${t.done}/${t.required}; verdicts: ${t.valid} valid, ${t.invalid} invalid, ${t.unverified} unverified, ${t.pending} pending; ` +
          `points ${t.points}; average score ${t.averageScore}.`,
      );
      console.log(`Written: ${result.written.findings} finding(s), ${result.written.verdicts} verdict version(s), ${result.written.ledgerEntries} ledger entr(ies).`);
    });
}
