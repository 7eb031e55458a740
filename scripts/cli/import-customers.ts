import type { Command } from 'commander';
import { registerImportCommand } from './import-command';

/** `import-customers <file>`: 附件1《集团客户明细》 — customers, contacts and claims. */
export function register(program: Command) {
  registerImportCommand(program, 'customers', 'import-customers');
}
