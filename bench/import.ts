import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { machine, timed } from './support/measure';
import { benchEnvironment, openBenchDatabase, option } from './support/database';
import { CUSTOMER_HEADER, IMPORT_STAFF, MANAGERS, seedImportWorld, UNITS, VISIT_HEADER, writeCustomerFile, writeVisitFile } from './support/import-data';

/**
 * `npm run bench -- import [--rows N] [--keep] [--cpu-prof DIR]`: a 100,000-row customer file
 * (50,000 customers, each with a key person and a liaison, claimed by 500 managers) and then a
 * 100,000-row visit file by those managers to those customers, each uploaded, validated and
 * committed through the CLI's path (import-customers, import-visits) in a child process of its
 * own, so its peak RSS is the import's, on a database of its own. The floor: COPY of the same
 * file into an UNLOGGED staging table of text columns. Targets (issue 16 §1): customers under
 * 30 s, visits under 40 s, peak RSS under 300 MB each. Prints figures, then one JSON line;
 * `ratio_vs_copy` is an object: each import's seconds ÷ the COPY of its own file.
 */
const BENCH_DB = 'huifang_bench_import';
const BENCH_PREFIX = '{huifang-bench-import}';

interface ChildRun {
  seconds: number;
  peakRssMb: number;
  baseRssMb: number;
  status: string;
  totalRows: number;
  errorCount: number;
  summary: Record<string, number> | null;
  phases: Record<string, number>;
  errors: string[];
  failure: string | null;
}

export async function main(args: string[]): Promise<void> {
  const rows = Number(option(args, '--rows') ?? 100_000);
  const keep = args.includes('--keep');
  const cpuProf = option(args, '--cpu-prof');
  const base = benchEnvironment(BENCH_DB, BENCH_PREFIX);
  const { createDb } = await import('@/db/client');
  const { newRedisConnection } = await import('@/lib/platform/redis/connection');
  const database = await openBenchDatabase(base);
  const handle = createDb(base.toString(), { max: 2 });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'huifang-bench-import-'));
  const redis = newRedisConnection();
  try {
    console.log(`machine: ${machine()}; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await seedImportWorld(handle.sql);
    const now = new Date();
    const customerFile = path.join(dir, '集团客户明细.csv');
    const visitFile = path.join(dir, '集团客户拜访记录.csv');
    const { customers } = await writeCustomerFile(customerFile, rows, now);
    await writeVisitFile(visitFile, rows, customers, now);
    const mb = async (file: string) => ((await stat(file)).size / 1e6).toFixed(1);
    console.log(`files: ${rows.toLocaleString('en')} customer rows (${customers.toLocaleString('en')} customers, ${MANAGERS} managers, ${UNITS} units), ${await mb(customerFile)} MB; ${rows.toLocaleString('en')} visit rows, ${await mb(visitFile)} MB`);

    const copyCustomers = await copyFloor(handle.sql, 'staging_customers', CUSTOMER_HEADER.length, customerFile);
    const copyVisits = await copyFloor(handle.sql, 'staging_visits', VISIT_HEADER.length, visitFile);
    console.log(`COPY into an UNLOGGED staging table: customers ${copyCustomers.toFixed(2)} s, visits ${copyVisits.toFixed(2)} s`);

    const env = { DATABASE_URL: base.toString(), QUEUE_PREFIX: BENCH_PREFIX, UPLOAD_DIR: path.join(dir, 'uploads'), LOG_LEVEL: 'warn' };
    const customerRun = await runImportChild('customers', customerFile, env, cpuProf);
    report('customers', customerRun, copyCustomers);
    const visitRun = await runImportChild('visits', visitFile, env, cpuProf);
    report('visits', visitRun, copyVisits);

    const [counts] = await handle.sql<{ customers: number; contacts: number; claims: number; visits: number; links: number }[]>`
      select (select count(*)::int from customers) as customers, (select count(*)::int from contacts) as contacts,
             (select count(*)::int from claims) as claims, (select count(*)::int from visit_reports) as visits,
             (select count(*)::int from visit_report_contacts) as links`;
    console.log(`written: ${counts.customers} customers, ${counts.contacts} contacts, ${counts.claims} claims, ${counts.visits} visits with ${counts.links} contact links`);
    const failed = [customerRun, visitRun].filter((r) => r.status !== 'committed');
    if (failed.length > 0) throw new Error(`import not committed: ${failed.map((r) => `${r.status} ${r.failure ?? ''} ${r.errors.join('; ')}`).join(' | ')}`);
    if (counts.customers !== customers || counts.contacts !== 2 * customers || counts.claims !== customers || counts.visits !== rows) {
      throw new Error('the imports did not write what the files say');
    }

    console.log(
      JSON.stringify({
        bench: 'import',
        customers_seconds: customerRun.seconds,
        visits_seconds: visitRun.seconds,
        peak_rss_mb: Math.max(customerRun.peakRssMb, visitRun.peakRssMb),
        ratio_vs_copy: { customers: ratio(customerRun.seconds, copyCustomers), visits: ratio(visitRun.seconds, copyVisits) },
      }),
    );
  } finally {
    await deleteKeys(redis, `${BENCH_PREFIX}:*`);
    redis.disconnect();
    await handle.close();
    await database.close(keep);
    await rm(dir, { recursive: true, force: true });
  }
}

const ratio = (seconds: number, floor: number) => Number((seconds / floor).toFixed(1));

function report(kind: string, run: ChildRun, copySeconds: number) {
  const phases = Object.entries(run.phases)
    .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
    .join(', ');
  console.log(
    `${kind}: ${run.seconds.toFixed(1)} s (${phases}), ${run.status}, ${run.totalRows} rows, peak RSS ${run.peakRssMb} MB (${run.baseRssMb} MB before the file), ` +
      `${ratio(run.seconds, copySeconds)}× COPY; ${JSON.stringify(run.summary)}`,
  );
}

/** The floor: the same file streamed by COPY into an UNLOGGED table of text columns. */
async function copyFloor(sql: import('postgres').Sql, table: string, columns: number, file: string): Promise<number> {
  await sql.unsafe(`create unlogged table ${table} (${Array.from({ length: columns }, (_, i) => `c${i} text`).join(', ')})`);
  const { seconds } = await timed(async () => {
    const writable = await sql.unsafe(`copy ${table} from stdin with (format csv, header true)`).writable();
    await pipeline(createReadStream(file), writable);
  });
  await sql.unsafe(`drop table ${table}`);
  return seconds;
}

/** Runs one import in a child process (bench/support/import-child.ts) and returns its figures. */
async function runImportChild(kind: 'customers' | 'visits', file: string, env: Record<string, string>, cpuProf?: string): Promise<ChildRun> {
  // A directory per import: tsx's loader thread writes a profile of its own beside the main thread's.
  const flags = cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(cpuProf, kind)}`] : [];
  const { stdout } = await promisify(execFile)(process.execPath, [...flags, '--import', 'tsx', path.resolve(__dirname, 'support/import-child.ts'), kind, file, IMPORT_STAFF], {
    env: { ...process.env, ...env },
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ChildRun;
}

async function deleteKeys(redis: import('ioredis').Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
