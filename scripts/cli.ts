import { Command } from 'commander';
import { runScript } from './support/run-script';
import { CliError } from './cli/context';
import * as createUser from './cli/create-user';
import * as importCustomers from './cli/import-customers';
import * as importVisits from './cli/import-visits';
import * as seedDemo from './cli/seed-demo';
import * as sample from './cli/sample';
import * as reconcile from './cli/reconcile';
import * as closeMonth from './cli/close-month';
import * as auditIntegrity from './cli/audit-integrity';
import * as indicatorsRebuild from './cli/indicators-rebuild';
import * as spotCheck from './cli/spot-check';

/**
 * `npm run cli -- <command>`: operator commands. Each lives in scripts/cli/<command>.ts, parses
 * its options, calls domain verbs and prints the result; `--help` on each explains it.
 */
const commands: { register: (program: Command) => void }[] = [createUser, importCustomers, importVisits, seedDemo, sample, reconcile, closeMonth, auditIntegrity, indicatorsRebuild, spotCheck];

runScript(async () => {
  const program = new Command('huifang').description('Huifang (回访) operator commands').showHelpAfterError();
  for (const command of commands) command.register(program);
  try {
    await program.parseAsync(process.argv);
    // A command that found something to report (audit-integrity) sets the exit code.
    return typeof process.exitCode === 'number' ? process.exitCode : undefined;
  } catch (error) {
    if (error instanceof CliError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
});
