import type { Command } from 'commander';
import { reconcileCallbacks, type ReconcileReport } from '@/lib/callbacks/reconcile';
import { closeQueues } from '@/lib/platform/jobs/queues';
import { withCli } from './context';

function describe(report: ReconcileReport): string[] {
  const verb = report.dryRun ? 'would add' : 'added';
  const removed = report.dryRun ? 'would remove' : 'removed';
  return [
    `Open callback tasks: ${report.open.waiting} waiting (each needs a due timer), ${report.open.held} held (each needs a lease timer).`,
    `Callback timers in Redis before: ${report.timersBefore} (${report.kept} correct).`,
    `${verb}: ${report.added.due} due timers, ${report.added.lease} lease timers.`,
    `${removed}: ${report.removed.due} due timers, ${report.removed.lease} lease timers (task no longer open, or time no longer matching).`,
  ];
}

export function register(program: Command) {
  program
    .command('reconcile')
    .description('Make the callback timers in Redis match the open callback tasks in PostgreSQL (the truth)')
    .option('--dry-run', 'only report what is missing or orphaned; change nothing')
    .option('--json', 'print the report as one JSON line')
    .addHelpText(
      'after',
      [
        '',
        'Every waiting task gets its "callback.due" timer at its next-attempt time and every held task',
        'a "callback.lease" timer at its lease expiry; timers whose task is no longer open (or whose',
        'time no longer matches) are removed. After a Redis flush this restores the queue exactly.',
        'Workers also run it every 5 minutes. Safe to run at any time, and several at once.',
      ].join('\n'),
    )
    .action(async (opts: { dryRun?: boolean; json?: boolean }) => {
      try {
        const report = await withCli(undefined, (ctx) => reconcileCallbacks({ db: ctx.db, now: ctx.now(), dryRun: opts.dryRun }));
        if (opts.json) console.log(JSON.stringify(report));
        else describe(report).forEach((line) => console.log(line));
      } finally {
        await closeQueues();
      }
    });
}
