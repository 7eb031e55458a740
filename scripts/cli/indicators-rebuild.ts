import type { Command } from 'commander';
import { forgetIndicatorMonth, rebuildIndicatorMonth } from '@/lib/indicators/daily-stats';
import { env } from '@/lib/platform/config/env';
import { isMonth } from '@/lib/platform/time/zone';
import { CliError, withCli } from './context';

export function register(program: Command) {
  program
    .command('indicators-rebuild')
    .description("Compute a month's closed days into the indicators' pre-aggregates again, from the raw rows")
    .requiredOption('--month <YYYY-MM>', 'the month')
    .option('--forget', 'only forget the month: its figures are read from the raw rows until the catch-up computes it again')
    .addHelpText(
      'after',
      [
        '',
        'The aggregates (callback_facts, daily_visit_stats, monthly_visit_stats, daily_agent_stats) are',
        'derived from PostgreSQL\'s raw rows and never the record; the worker keeps them current (every',
        '5 minutes). A day not computed is read from the raw rows, so the figures are the same either way.',
      ].join('\n'),
    )
    .action(async (opts: { month: string; forget?: boolean }) => {
      if (!isMonth(opts.month)) throw new CliError(`Not a month: ${opts.month} (YYYY-MM)`);
      const timeZone = env().APP_TIMEZONE;
      await withCli(undefined, async (ctx) => {
        await forgetIndicatorMonth(ctx.db, opts.month, timeZone);
        if (opts.forget) return console.log(`${opts.month}: forgotten; read from the raw rows until computed again.`);
        const started = Date.now();
        const r = await rebuildIndicatorMonth(ctx.db, opts.month, ctx.now(), timeZone, {
          onDay: (day, c) => console.log(`${day}: ${c.callbacks} callbacks, ${c.visitRows} visit rows, ${c.agentRows} agent rows`),
        });
        console.log(`${opts.month}: ${r.days} closed days computed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
      });
    });
}
