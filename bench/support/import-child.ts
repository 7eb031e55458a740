/**
 * One import in a process of its own, so its peak memory is the import's: uploads, validates and
 * (when clean) commits `file` as `kind` acting as `username`, through the CLI's path
 * (`cliContext` + `runImportInline`, what `npm run cli -- import-customers|import-visits` runs),
 * and prints one JSON line: { seconds, peakRssMb, baseRssMb, status, totalRows, errorCount,
 * summary, phases: { upload, validate, commit, after } (seconds, from the import's own
 * timestamps), errors (the first few) }. Usage:
 *   DATABASE_URL=… UPLOAD_DIR=… tsx bench/support/import-child.ts <customers|visits> <file> <username>
 */
import path from 'node:path';

async function main() {
  const [kind, filePath, username] = [process.argv[2] as 'customers' | 'visits', process.argv[3], process.argv[4]];
  const { cliContext } = await import('../../scripts/cli/context');
  const { runImportInline } = await import('@/lib/imports/imports');
  const { ctx, handle } = await cliContext(username);
  try {
    // Memory with every module loaded, before the file is read.
    const baseRssMb = Math.round(process.memoryUsage().rss / 1048576);
    const started = Date.now();
    const result = await runImportInline({ ctx, db: ctx.db, input: { kind, fileName: path.basename(filePath) }, filePath, commit: true });
    const ended = Date.now();
    // commit: true always returns the stored import (a dry run's answer has no record).
    if (!('createdAt' in result)) throw new Error('no import record');
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const at = (d: Date | null) => (d ? d.getTime() : ended);
    const seconds = (from: number, to: number) => Number(((to - from) / 1000).toFixed(2));
    const phases = {
      upload: seconds(started, at(result.createdAt)),
      validate: seconds(at(result.createdAt), at(result.validatedAt)),
      commit: seconds(at(result.validatedAt), at(result.committedAt)),
      after: seconds(at(result.committedAt), ended),
    };
    const out = {
      seconds: seconds(started, ended),
      peakRssMb,
      baseRssMb,
      status: result.status,
      totalRows: result.totalRows,
      errorCount: result.errorCount,
      summary: result.summary,
      phases,
      errors: result.errors.slice(0, 5).map((e) => `${e.rowNumber} ${e.column ?? ''} ${e.code} ${JSON.stringify(e.params)}`),
      failure: result.failureMessage,
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await handle.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
