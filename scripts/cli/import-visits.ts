import type { Command } from 'commander';
import { registerImportCommand } from './import-command';

/** `import-visits <file>`: 附件3《集团客户拜访记录》 — visit reports. */
export function register(program: Command) {
  registerImportCommand(program, 'visits', 'import-visits');
}
