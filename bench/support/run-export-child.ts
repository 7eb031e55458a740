import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

/** What export-child.ts prints. */
export interface ExportRun {
  bytes: number;
  rows: number | null;
  seconds: number;
  peakRssMb: number;
  baseRssMb: number;
}

/** Runs one export in a child process against `databaseUrl` and returns its figures. */
export async function runExportChild(databaseUrl: string, kind: string, format: 'xlsx' | 'csv', filters: Record<string, string>): Promise<ExportRun> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.resolve(__dirname, 'export-child.ts'), kind, format, JSON.stringify(filters)], {
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!) as ExportRun;
}
