import type { Command } from 'commander';
import { formatLocal } from '@/lib/calling/calendar';
import { env } from '@/lib/platform/config/env';
import { isDomainError, ValidationError } from '@/lib/platform/core/errors';
import { toLocale, type Locale } from '@/lib/platform/i18n/config';
import { translateError } from '@/lib/platform/i18n/translate';
import { closeQueues } from '@/lib/platform/jobs/queues';
import { isRealDay } from '@/lib/platform/time/zone';
import { formatDraw } from '@/lib/sampling/draw';
import { selectSpotChecks, spotCheckTranslator, type SpotCheckSelection } from '@/lib/spot-checks/select';
import { CliError, cliContext } from './context';

type Translate = ReturnType<typeof spotCheckTranslator>;

/** The issue's JSON: the day and each checked manager's customers (managers not checked are left out). */
export function selectionJson(s: SpotCheckSelection) {
  return {
    day: s.day,
    selections: s.selections
      .filter((m) => m.selected)
      .map((m) => ({
        manager: m.manager,
        customers: m.customers.map((c) => ({ code: c.code, name: c.name, plannedAt: c.plannedAt.toISOString(), draw: c.draw, reason: c.reason })),
      })),
  };
}

// A terminal gives a Chinese character two columns: pad by what the eye sees.
const width = (text: string) => [...text].reduce((w, ch) => w + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1), 0);
const pad = (text: string, to: number) => text + ' '.repeat(Math.max(0, to - width(text)));

/** The readable listing (Chinese by default): each checked manager's customers as a table, then those not checked. */
export function describeSelection(s: SpotCheckSelection, t: Translate, now: Date): string[] {
  const tz = env().APP_TIMEZONE;
  const lines = [s.policyVersion === 0 ? t('spotChecks.cli.titleDefault', { day: s.day }) : t('spotChecks.cli.title', { day: s.day, version: s.policyVersion })];
  if (s.skipped) return [...lines, t(`spotChecks.cli.${s.skipped}`, { day: s.day })];
  if (s.selections.length === 0) return [...lines, t('spotChecks.cli.noCandidates', { day: s.day })];
  const columns = ['code', 'name', 'plannedAt', 'draw', 'dueAt', 'dueBy', 'reason'] as const;
  const checked = s.selections.filter((m) => m.selected);
  for (const m of checked) {
    const head = `${t('spotChecks.cli.manager', { manager: m.manager, name: m.managerName })}：${t('spotChecks.cli.selected', { count: m.customers.length })}`;
    lines.push('', m.stored ? `${head}（${t('spotChecks.cli.storedEarlier')}）` : head, `  ${m.reason}`);
    const rows = m.customers.map((c) => [
      c.code,
      c.name,
      formatLocal(c.plannedAt, tz),
      formatDraw(c.draw),
      c.dueAt ? formatLocal(c.dueAt, tz) : '—',
      c.dueBy ? formatLocal(c.dueBy, tz) : '—',
      c.reason,
    ]);
    const header = columns.map((k) => t(`spotChecks.cli.columns.${k}`));
    const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
    // The reason is last and not padded: it is as long as it needs to be.
    const line = (cells: string[]) => `  ${cells.map((cell, i) => (i === cells.length - 1 ? cell : pad(cell, widths[i]))).join('  ')}`;
    lines.push(line(header), ...rows.map(line));
  }
  const unchecked = s.selections.filter((m) => !m.selected);
  if (unchecked.length > 0) {
    lines.push('', t('spotChecks.cli.notSelectedTitle', { count: unchecked.length }));
    for (const m of unchecked) lines.push(t('spotChecks.cli.notSelected', { manager: m.manager, name: m.managerName, reason: m.reason }));
  }
  const customers = checked.flatMap((m) => m.customers);
  lines.push('', t('spotChecks.cli.summary', { candidates: s.selections.length, selected: checked.length, customers: customers.length }));
  if (s.dryRun) lines.push(t('spotChecks.cli.dryRun'));
  else lines.push(s.created > 0 ? t('spotChecks.cli.created', { count: s.created }) : t('spotChecks.cli.nothingNew'));
  const late = customers.filter((c) => c.dueBy && c.dueBy.getTime() <= now.getTime()).length;
  if (late > 0) lines.push(t('spotChecks.cli.pastDeadline', { count: late }));
  return lines;
}

export function register(program: Command) {
  program
    .command('spot-check')
    .description("Show or create a working day's 电话抽查 (spot-check) selection: managers checked, customers drawn, their callbacks")
    .requiredOption('--day <YYYY-MM-DD>', 'the day planned visits are checked for, in APP_TIMEZONE')
    .option('--dry-run', 'show what would be selected; write nothing')
    .option('--json', 'print one JSON line: {"day", "selections": [{"manager", "customers": [{"code", "name", "plannedAt", "draw", "reason"}]}]} (checked managers only)')
    .option('--as <username>', 'run as this user (default: the system user)')
    .option('--lang <locale>', 'zh-CN (default) or en', 'zh-CN')
    .addHelpText(
      'after',
      [
        '',
        'Each manager with approved plan items planned that day is decided once by the spot-check rules in',
        'force that day (all managers, or a drawn share weighted towards past findings); for each one',
        'checked, up to N of the day\'s planned customers are drawn and get a spot-check callback, due after',
        'the planned time and before the visit could be reported late. Draws follow from the seed, the day',
        'and the manager or plan item; reasons are stored. Running again creates nothing and shows what was',
        'stored. A day that is not a working day of the calling calendar, or spot checks switched off,',
        'selects nothing. The worker runs it at 08:15 each working day. Exit code 0, or 1 on a bad argument.',
      ].join('\n'),
    )
    .action(async (opts: { day: string; dryRun?: boolean; json?: boolean; as?: string; lang: string }) => {
      const locale: Locale = toLocale(opts.lang);
      const t = spotCheckTranslator(locale);
      if (!isRealDay(opts.day)) throw new CliError(t('spotChecks.cli.badDay', { value: opts.day }));
      const { ctx, handle } = await cliContext(opts.as, { readOnly: opts.dryRun });
      try {
        const now = ctx.now();
        const selection = await selectSpotChecks(ctx.db, { day: opts.day, dryRun: opts.dryRun, now, actorId: ctx.actor.id, locale });
        if (opts.json) {
          console.log(JSON.stringify(selectionJson(selection)));
          // Why the list is empty, for the person reading: not part of the JSON.
          if (selection.skipped) console.error(t(`spotChecks.cli.${selection.skipped}`, { day: selection.day }));
        } else {
          for (const line of describeSelection(selection, t, now)) console.log(line);
        }
      } catch (error) {
        if (error instanceof ValidationError) throw new CliError(error.issues.map((i) => `--${i.field}: ${translateError(i.code, i.params, locale)}`).join('\n'));
        if (isDomainError(error)) throw new CliError(translateError(error.code, error.params, locale));
        throw error;
      } finally {
        await closeQueues();
        await handle.close();
      }
    });
}
