import type { Command } from 'commander';
import type { Ctx } from '@/lib/platform/core/context';
import { auditIntegrity, type IntegrityResult } from '@/lib/integrity/audit';
import { describeProblem, integrityTranslator, ruleName, type Translate } from '@/lib/integrity/format';
import { INTEGRITY_RULES } from '@/lib/integrity/rules';
import { isMonth } from '@/lib/platform/time/zone';
import { CliError, withCli } from './context';

/** The human listing: counts by rule, then each listed problem's line (Chinese by default). */
export function describeResult(r: IntegrityResult, t: Translate, seconds: number): string[] {
  const scope = r.month ?? t('integrity.cli.allMonths');
  const lines = [r.clean ? t('integrity.cli.clean', { scope }) : t('integrity.cli.problems', { scope, count: r.problemCount })];
  for (const rule of INTEGRITY_RULES) {
    if (r.counts[rule] === 0) continue;
    const listed = r.problems.filter((p) => p.rule === rule);
    lines.push('', `${t('integrity.cli.rule', { name: ruleName(rule, t), count: r.counts[rule] })}  [${rule}]`);
    for (const p of listed) lines.push(`  - ${describeProblem(p, t)}  (${p.entityType} ${p.entityId})`);
    if (r.counts[rule] > listed.length) lines.push(`  ${t('integrity.cli.more', { count: r.counts[rule] - listed.length })}`);
  }
  lines.push('');
  for (const key of ['changedSinceClose', 'pendingEvaluation', 'manualAttempts', 'monthsRecomputed'] as const) lines.push(t(`integrity.info.${key}`, { count: r.info[key] }));
  lines.push(t('integrity.cli.duration', { seconds: seconds.toFixed(1), runId: r.runId }));
  return lines;
}

/** Runs the audit and prints it; the exit code is 0 when clean, 1 when a link is broken. */
export async function runAuditIntegrity(ctx: Ctx, opts: { month?: string; json?: boolean }, print: (line: string) => void = console.log): Promise<number> {
  const started = Date.now();
  const result = await auditIntegrity({ ctx, input: { month: opts.month, trigger: 'cli' } });
  const t = integrityTranslator();
  if (opts.json) {
    // Each problem also carries its readable (Chinese) line.
    const problems = result.problems.map((p) => ({ ...p, line: describeProblem(p, t) }));
    print(JSON.stringify({ month: result.month, clean: result.clean, counts: result.counts, problemCount: result.problemCount, problems, info: result.info, runId: result.runId }));
  } else {
    for (const line of describeResult(result, t, (Date.now() - started) / 1000)) print(line);
  }
  return result.clean ? 0 : 1;
}

export function register(program: Command) {
  program
    .command('audit-integrity')
    .description('Check the evidence chain (数据完整性核查): report every broken link; exit 0 when clean, 1 otherwise')
    .option('--month <YYYY-MM>', 'audit one month (default: every month)')
    .option('--json', 'print the result as one JSON line: { month, clean, counts, problemCount, problems (each with its line), info, runId }')
    .option('--as <username>', 'run as this staff or admin user (default: the system user)')
    .addHelpText(
      'after',
      [
        '',
        'Reads only (each run is stored in integrity_runs; staff see the last one on the queue page).',
        'Rules: callbackWithoutCall (a reached outcome, result or score without an answered call of its',
        'attempt, manual calls excepted), ledgerMismatch (a manager × customer × month whose ledger sum is',
        'not what the verdicts in force give), closedMonthDrift (a closed month whose frozen figures differ',
        'from a re-computation, unless marked "changed since close"), inactiveHolder (a held task whose',
        'holder is deactivated), waivedWithoutDecision (an overturn without its decision),',
        'verdictWithoutEvidence (a callback-scored verdict whose callback has no result).',
        'Each problem: { rule, entityType, entityId, month, details }; at most 200 are listed per rule.',
        'The worker runs it every night at 02:00 (APP_TIMEZONE). Exit codes: 0 clean, 1 problems found.',
      ].join('\n'),
    )
    .action(async (opts: { month?: string; json?: boolean; as?: string }) => {
      if (opts.month !== undefined && !isMonth(opts.month)) throw new CliError(`The month must look like 2026-11, not "${opts.month}".`);
      process.exitCode = await withCli(opts.as, (ctx) => runAuditIntegrity(ctx, opts));
    });
}
