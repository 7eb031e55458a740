import type { Command } from 'commander';
import { ROLES } from '@/lib/platform/core/context';
import { listUnits } from '@/lib/org/units';
import { createUser, createUserInput } from '@/lib/users/users';
import { translateError } from '@/lib/platform/i18n/translate';
import { CliError, withCli } from './context';

export function register(program: Command) {
  program
    .command('create-user')
    .description('Create a user who can sign in')
    .requiredOption('--username <name>', 'sign-in name (lowercase letters, digits, . _ -)')
    .requiredOption('--name <display>', 'name shown in the interface')
    .requiredOption('--role <role>', `one of: ${ROLES.join(', ')}`)
    .option('--password <password>', 'at least 8 characters (default: read HUIFANG_PASSWORD)')
    .option('--unit <code>', 'marketing unit code (required for managers and supervisors)')
    .option('--phone <phone>', 'phone number (managers and agents)')
    .option('--as <username>', 'act as this admin (default: system)')
    .action(async (opts) => {
      const user = await withCli(opts.as, async (ctx) => {
        let unitId: string | null = null;
        if (opts.unit) {
          const unit = (await listUnits({ ctx })).find((u) => u.code === opts.unit);
          if (!unit) throw new CliError(`Unknown unit code "${opts.unit}".`);
          unitId = unit.id;
        }
        const parsed = createUserInput.safeParse({
          username: opts.username,
          displayName: opts.name,
          role: opts.role,
          password: opts.password ?? process.env.HUIFANG_PASSWORD,
          unitId,
          phone: opts.phone,
        });
        if (!parsed.success) throw new CliError(parsed.error.issues.map((i) => `--${i.path.join('.')}: ${translateError(i.message.replace(/^errors\./, ''))}`).join('\n'));
        return createUser({ ctx, input: parsed.data });
      });
      console.log(`Created ${user.role} "${user.username}" (${user.id}).`);
    });
}
