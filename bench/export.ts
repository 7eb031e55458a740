import { machine, timed } from './support/measure';
import { benchEnvironment, openBenchDatabase, option } from './support/database';
import { seedExportVisits } from './support/export-data';
import { runExportChild } from './support/run-export-child';

/**
 * `npm run bench -- export [--visits N] [--keep|--reuse]`: a month of 100,000 visits (with contacts
 * and verdicts) in a bench database of its own, exported as staff through the export route's
 * path (registry, verb, cursor, stream) as XLSX and as CSV, each in a child process of its own so
 * its peak RSS is the export's. Target (issue 14 §5): under 20 s with peak RSS under 300 MB.
 * Prints figures, then one JSON line.
 */
const BENCH_DB = 'huifang_bench_export';
const MONTH = '2026-10';

export async function main(args: string[]): Promise<void> {
  const figures = await measureExport(args);
  console.log(JSON.stringify({ export_seconds: figures.seconds, export_peak_rss_mb: figures.peakRssMb, export_rows: figures.rows }));
}

/**
 * The measurement itself (also run by `npm run bench -- dashboard`): prints its figures and
 * returns the slower format's seconds and the larger peak RSS.
 */
export async function measureExport(args: string[]): Promise<{ seconds: number; peakRssMb: number; rows: number }> {
  const visits = Number(option(args, '--visits') ?? 100_000);
  const keep = args.includes('--keep') || args.includes('--reuse');
  const base = benchEnvironment(BENCH_DB, '{huifang-bench-export}');
  const { createDb } = await import('@/db/client');
  const { monthRange } = await import('@/lib/platform/time/zone');
  const database = await openBenchDatabase(base, { reuse: args.includes('--reuse') });
  const handle = createDb(base.toString(), { max: 2 });
  try {
    console.log(`machine: ${machine()}`);
    const [{ n }] = await handle.sql<{ n: number }[]>`select count(*)::int as n from visit_reports`;
    if (n !== visits) {
      const { start, end } = monthRange(MONTH, 'Asia/Shanghai');
      console.log(`generating ${visits.toLocaleString('en')} visits of ${MONTH} …`);
      const generated = await timed(() => seedExportVisits(handle.sql, { visits, start, end, month: MONTH }));
      console.log(`generated in ${generated.seconds.toFixed(1)} s`);
    }
    const xlsx = await runExportChild(base.toString(), 'visits', 'xlsx', { month: MONTH });
    console.log(`visits → XLSX: ${xlsx.seconds.toFixed(1)} s, ${(xlsx.bytes / 1e6).toFixed(1)} MB, peak RSS ${xlsx.peakRssMb} MB (${xlsx.baseRssMb} MB before the first row)`);
    const csv = await runExportChild(base.toString(), 'visits', 'csv', { month: MONTH });
    console.log(`visits → CSV: ${csv.seconds.toFixed(1)} s, ${(csv.bytes / 1e6).toFixed(1)} MB, ${csv.rows} rows, peak RSS ${csv.peakRssMb} MB (${csv.baseRssMb} MB before the first row)`);
    return { seconds: Number(Math.max(xlsx.seconds, csv.seconds).toFixed(2)), peakRssMb: Math.max(xlsx.peakRssMb, csv.peakRssMb), rows: visits };
  } finally {
    await handle.close();
    await database.close(keep);
  }
}
