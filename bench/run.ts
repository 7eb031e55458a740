import { readdirSync } from 'node:fs';
import path from 'node:path';
import { runScript } from '../scripts/support/run-script';

/**
 * `npm run bench -- NAME`: runs bench/NAME.ts. Each benchmark prints its figures and, last, one
 * JSON line so runs can be compared. Benchmarks use their own databases, never the demo's.
 */
runScript(async () => {
  const available = readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
    .map((f) => f.replace(/\.ts$/, ''));
  const name = process.argv[2];
  if (!name || !available.includes(name)) {
    console.error(`Usage: npm run bench -- <${available.join('|')}>`);
    return 2;
  }
  const bench = (await import(path.join(__dirname, `${name}.ts`))) as { main: (args: string[]) => Promise<void> };
  await bench.main(process.argv.slice(3));
});
