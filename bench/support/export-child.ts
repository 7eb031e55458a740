/**
 * One export in a process of its own, so its peak memory is the export's: reads the export of
 * `kind` with the given filters as staff (EXPORT_STAFF) through the registry, the verb and the
 * stream the route answers with, counts what came out, and prints one JSON line:
 * { bytes, rows (CSV lines after the header), seconds, peakRssMb, baseRssMb (before the first row) }. Usage:
 *   DATABASE_URL=… tsx bench/support/export-child.ts <kind> <xlsx|csv> '<filters as JSON>'
 */
import { EXPORT_STAFF } from './export-data';

async function main() {
  const [kind, format, filters] = [process.argv[2], process.argv[3] as 'xlsx' | 'csv', JSON.parse(process.argv[4] ?? '{}') as Record<string, string>];
  const { appDb } = await import('@/lib/platform/db');
  const { activeActorByUsername } = await import('@/lib/auth/actor');
  const { EXPORT_KINDS, prepareExportOf } = await import('@/lib/exports/registry');
  const db = appDb();
  const actor = await activeActorByUsername(db, EXPORT_STAFF);
  if (!actor) throw new Error(`no user ${EXPORT_STAFF}`);
  const exportKind = EXPORT_KINDS.find((k) => k === kind);
  if (!exportKind) throw new Error(`no export ${kind}`);
  // Memory with every module loaded and the export prepared, before a row is read.
  const baseRssMb = Math.round(process.memoryUsage().rss / 1048576);
  const started = process.hrtime.bigint();
  const prepared = await prepareExportOf({ ctx: { db, actor, now: () => new Date() }, input: { kind: exportKind, filters } });
  let bytes = 0;
  let lineEnds = 0;
  const reader = prepared.stream(format).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    bytes += read.value.byteLength;
    if (format === 'csv') for (const b of read.value) if (b === 0x0a) lineEnds += 1;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`${JSON.stringify({ bytes, rows: format === 'csv' ? lineEnds - 1 : null, seconds, peakRssMb, baseRssMb })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
