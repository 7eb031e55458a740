import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import type { Db } from '@/db/client';
import type { Ctx } from '@/lib/platform/core/context';
import { runImportInline } from '@/lib/imports/imports';
import { createUnit } from '@/lib/org/units';
import { policyDefinitions } from '@/lib/policy/definitions';
import { savePolicyVersion } from '@/lib/policy/policies';
import { sampleMonth } from '@/lib/sampling/sample';
import { ensureDefaultScript } from '@/lib/scripts/scripts';
import { systemActor } from '@/lib/users/system-user';
import { createUser } from '@/lib/users/users';

/**
 * A bench's department, built the way a department builds one — the unit and accounts by the
 * admin verbs, customers and visits by the import (附件1, 附件3), callbacks by the sampling — so a
 * schema change breaks a bench loudly instead of silently. Shared by the claim bench's queue and
 * the soak's world, which differ only in their sizes and calling rules.
 */
export interface BenchDepartment {
  db: Db;
  now: Date;
  system: Ctx;
  staff: Ctx;
  unitId: string;
}

export async function openBenchDepartment(
  db: Db,
  options: { unitCode: string; unitName: string; staffUsername: string; staffName: string; password: string },
): Promise<BenchDepartment> {
  const now = new Date();
  const system: Ctx = { db, actor: await systemActor(db), now: () => now };
  await ensureDefaultScript(db, { now });
  const unit = await createUnit({ ctx: system, input: { code: options.unitCode, name: options.unitName, region: '压测' } });
  const staffUser = await createUser({
    ctx: system,
    input: { username: options.staffUsername, displayName: options.staffName, password: options.password, role: 'staff', unitId: null, phone: null },
  });
  const staff: Ctx = { db, actor: { id: staffUser.id, username: staffUser.username, displayName: staffUser.displayName, role: 'staff', unitId: null }, now: () => now };
  return { db, now, system, staff, unitId: unit.id };
}

/** `count` accounts made by `make(n)` for n = 1…count, a few at a time (each hashes a password). */
export async function createBenchUsers(
  dept: BenchDepartment,
  count: number,
  make: (n: number) => Parameters<typeof createUser>[0]['input'],
): Promise<{ id: string; username: string }[]> {
  const out: { id: string; username: string }[] = [];
  for (let i = 1; i <= count; i += 8) {
    const batch = Array.from({ length: Math.min(8, count - i + 1) }, (_, k) => i + k);
    const users = await Promise.all(batch.map((n) => createUser({ ctx: dept.system, input: make(n) })));
    out.push(...users.map((u) => ({ id: u.id, username: u.username })));
  }
  return out;
}

/** Calling rules open around the clock (a bench runs at any hour) with the bench's own settings, and every visit sampled. */
export async function saveBenchPolicies(dept: BenchDepartment, calling: Partial<z.infer<(typeof policyDefinitions.calling)['schema']>>, note: string): Promise<void> {
  const from = '2000-01-01';
  await savePolicyVersion({
    ctx: dept.staff,
    input: {
      key: 'calling',
      effectiveFrom: from,
      value: { ...policyDefinitions.calling.defaults, windows: [{ start: '00:00', end: '24:00' }], weekdays: [1, 2, 3, 4, 5, 6, 7], ...calling },
      note,
    },
  });
  await savePolicyVersion({
    ctx: dept.staff,
    input: { key: 'sampling', effectiveFrom: from, value: { ...policyDefinitions.sampling.defaults, ratePercent: { A: 100, B: 100, C: 100, D: 100 } }, note: '压测：全部抽取' },
  });
}

/** Imports the customer file, then the visit file (each a CSV's lines, header first), as staff, then samples the visits' months. */
export async function importAndSample(
  dept: BenchDepartment,
  files: { customers: string[]; visits: string[]; months: Iterable<string> },
  options: { timeZone: string; log: (line: string) => void },
): Promise<{ callbacks: number; months: string[] }> {
  const db = dept.db;
  const dir = await mkdtemp(path.join(tmpdir(), 'huifang-bench-'));
  try {
    for (const [kind, name, lines] of [
      ['customers', '集团客户.csv', files.customers],
      ['visits', '拜访记录.csv', files.visits],
    ] as const) {
      const file = path.join(dir, name);
      await writeFile(file, `${lines.join('\n')}\n`, 'utf8');
      const started = Date.now();
      const result = await runImportInline({ ctx: dept.staff, db, input: { kind, fileName: name }, filePath: file, commit: true });
      if (result.status !== 'committed') throw new Error(`bench ${kind} import ended as ${result.status}: ${JSON.stringify(result.errors.slice(0, 3))}`);
      options.log(`imported ${lines.length - 1} ${kind} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const months = [...files.months].sort();
  let callbacks = 0;
  for (const month of months) callbacks += (await sampleMonth(db, month, { now: dept.now, timeZone: options.timeZone })).callbacksCreated;
  return { callbacks, months };
}
