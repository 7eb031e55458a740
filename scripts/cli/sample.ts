import type { Command } from 'commander';
import { isDomainError, ValidationError } from '@/lib/platform/core/errors';
import { translateError } from '@/lib/platform/i18n/translate';
import { closeQueues } from '@/lib/platform/jobs/queues';
import { sampleMonth } from '@/lib/sampling/sample';
import { isMonth } from '@/lib/platform/time/zone';
import { CliError, cliContext } from './context';

function positiveInt(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new CliError(`${name} must be a whole number ≥ 0, not "${value}".`);
    return n;
  };
}

export function register(program: Command) {
  program
    .command('sample')
    .description('Sample a month\'s visit reports for callbacks (the catch-up batch; also runs daily in the worker)')
    .requiredOption('--month <YYYY-MM>', 'the month of the visits, in APP_TIMEZONE')
    .option('--chunk-managers <n>', 'managers per transaction (default 5000)', positiveInt('--chunk-managers'))
    .option('--chunk-visits <n>', 'visits per transaction, at most (default 125000)', positiveInt('--chunk-visits'))
    .option('--pause-ms <n>', 'pause between transactions, to lighten the load on a busy database', positiveInt('--pause-ms'))
    .option('--concurrency <n>', 'chunks in progress at once (default 2)', positiveInt('--concurrency'))
    .option('--quiet', 'print only the totals')
    .addHelpText(
      'after',
      [
        '',
        'Every undecided visit of the month is decided once: sampled or not, with the policy version in',
        'force on its day, its draw and a readable reason. Sampled visits get one callback each. Once the',
        'month is over, managers below the minimum are topped up by draw order. Safe to run again or',
        'after an interruption: nothing is decided twice and no second callback is created.',
      ].join('\n'),
    )
    .action(async (opts: { month: string; chunkManagers?: number; chunkVisits?: number; pauseMs?: number; concurrency?: number; quiet?: boolean }) => {
      if (!isMonth(opts.month)) throw new CliError(`--month must look like 2026-11, not "${opts.month}".`);
      const { handle } = await cliContext();
      const started = Date.now();
      try {
        const result = await sampleMonth(handle.db, opts.month, {
          chunkManagers: opts.chunkManagers || undefined,
          chunkVisits: opts.chunkVisits || undefined,
          pauseMs: opts.pauseMs,
          concurrency: opts.concurrency || undefined,
          onChunk: opts.quiet
            ? undefined
            : ({ chunk, chunks, stats }) => console.log(`chunk ${chunk}/${chunks}: decided ${stats.decided}, sampled ${stats.sampled}, callbacks ${stats.callbacksCreated}`),
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        console.log(
          `Sampled ${result.month}: decided ${result.decided}, sampled ${result.sampled}, excluded ${result.excluded}, ` +
            `topped up ${result.toppedUp}, callbacks created ${result.callbacksCreated} ` +
            `(${result.managers} managers in ${result.chunks} chunk(s), ${seconds} s${result.topUpApplied ? '' : '; minimum applies once the month is over'}` +
            `${result.timersRestored ? `; ${result.timersRestored} waiting timer(s) restored` : ''}).`,
        );
      } catch (error) {
        if (error instanceof ValidationError) throw new CliError(error.issues.map((i) => `${i.field}: ${translateError(i.code, i.params)}`).join('\n'));
        if (isDomainError(error)) throw new CliError(translateError(error.code, error.params));
        throw error;
      } finally {
        await closeQueues();
        await handle.close();
      }
    });
}
