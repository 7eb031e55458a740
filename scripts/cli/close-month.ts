import type { Command } from 'commander';
import { closeMonth } from '@/lib/assessment/close';
import { unmeasuredOfTotals } from '@/lib/assessment/figures';
import { openCallbacksOfMonth, type OpenCallbacks } from '@/lib/assessment/open-callbacks';
import { isMonth } from '@/lib/platform/time/zone';
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
        'frozen with each manager\'s figures, score and grade, each callback agent\'s (坐席考核: callback rate,',
        'quality, timeliness under the agentAssessment policy), and the changes from the previous version.',
        'Closing again with nothing changed gives the same figures and no changes. Also runs in the',
        'worker on the configured day of the next month (the assessment policy\'s closeDay, default 3).',
        '',
        'Before closing it prints the month\'s sampled callbacks still open (waiting, ready, held), by',
        'unit: their visits count as pending in this version, and a result that arrives after the close',
        'is listed as a change in the next version.',
        '',
        'A rate whose denominator is 0 is not measured: null in --json, with its reason code under',
        '"unmeasured" (noRequiredVisits, noJudgedVisits, noVisits). The score is the weighted mean of the',
        'measured rates; with none measured there is no score and no grade (averageScore leaves them out,',
        '"unscored" counts them).',
      ].join('\n'),
    )
    .action(async (month: string, opts: { as?: string; json?: boolean }) => {
      if (!isMonth(month)) throw new CliError(`The month must look like 2026-11, not "${month}".`);
      const started = Date.now();
      const { open, result } = await withCli(opts.as, async (ctx) => {
        const open = await openCallbacksOfMonth({ ctx, input: { month } });
        if (!opts.json) printOpen(open);
        const result = await closeMonth({ ctx, input: { month }, options: { onChunk: opts.json ? undefined : ({ chunk, chunks }) => console.log(`chunk ${chunk}/${chunks}`) } });
        return { open, result };
      });
      if (opts.json) {
        console.log(JSON.stringify({ ...result, unmeasured: unmeasuredOfTotals(result.totals), openCallbacks: open }));
        return;
      }
      const t = result.totals;
      const rate = (key: 'coverageRate' | 'validRate' | 'onTimeRate') => {
        const v = t[key];
        return v === null || v === undefined ? `not measured (${unmeasuredOfTotals(t)[key]})` : `${(v * 100).toFixed(1)} %`;
      };
      console.log(
        `Closed ${result.month}: version ${result.version}, ${result.managers} managers, ${result.changes} change(s) from the previous version, ` +
          `${result.agents} agent(s) with ${result.agentChanges} change(s) ` +
          `(${((Date.now() - started) / 1000).toFixed(1)} s).`,
      );
      console.log(
        `Coverage ${t.done}/${t.required} (${rate('coverageRate')}); verdicts: ${t.valid} valid, ${t.invalid} invalid, ${t.unverified} unverified, ${t.pending} pending ` +
          `(valid rate ${rate('validRate')}); on time ${rate('onTimeRate')}; points ${t.points}; ` +
          `average score ${t.averageScore ?? 'none'}${t.unscored ? ` (${t.unscored} manager(s) without a score: insufficient sample)` : ''}.`,
      );
      console.log(`Written: ${result.written.findings} finding(s), ${result.written.verdicts} verdict version(s), ${result.written.ledgerEntries} ledger entr(ies).`);
    });
}

function printOpen(open: OpenCallbacks) {
  if (open.total === 0) {
    console.log(`Every sampled callback of ${open.month} has ended.`);
    return;
  }
  console.log(`${open.total} sampled callback(s) of ${open.month} still open (waiting ${open.waiting}, ready ${open.ready}, held ${open.held}):`);
  for (const u of open.units) console.log(`  ${u.unitName ?? '(no unit)'}: ${u.total} (waiting ${u.waiting}, ready ${u.ready}, held ${u.held})`);
  console.log('Their visits count as pending in this version; a result that arrives after the close is listed as a change in the next version.');
}
