import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Db } from '@/db/client';
import type { Ctx } from '@/lib/platform/core/context';
import { runImportInline } from '@/lib/imports/imports';
import { createUnit } from '@/lib/org/units';
import { policyDefinitions } from '@/lib/policy/definitions';
import { savePolicyVersion } from '@/lib/policy/policies';
import { sampleMonth } from '@/lib/sampling/sample';
import { ensureDefaultScript } from '@/lib/scripts/scripts';
import { dayOf, monthOf, toLocalInput } from '@/lib/platform/time/zone';
import { systemActor } from '@/lib/users/system-user';
import { createUser } from '@/lib/users/users';

/** Visits per customer: each customer's visits are 9 hours apart, so ~25 of them fit in ten days. */
const VISITS_PER_CUSTOMER = 25;
/**
 * A province's shape: ~10,000 managers report ~1,000,000 visits a month, ~100 each. Every completed
 * callback re-evaluates its manager's month on the worker, so a bench with 20 managers of 1,000
 * visits each (as before) charged each claim ten times the evaluation a province's claim costs.
 */
const VISITS_PER_MANAGER = 100;

export interface SeededQueue {
  staff: Ctx;
  agents: { id: string; username: string }[];
  /** Callback tasks created by the sampling (all of them, at 100 %). */
  callbacks: number;
}

/**
 * A deep callback queue built the way a department builds one — units and accounts by the admin
 * verbs, customers and visits by the import (附件1, 附件3), callbacks by the sampling at 100 % —
 * so a schema change breaks the bench loudly instead of silently. The calling rules are open
 * around the clock (a bench runs at any hour) with a long lease and manual results allowed (no
 * telephony is dialled). The tasks become ready when the worker's due timers fire.
 */
export async function seedCallbackQueue(
  db: Db,
  options: { tasks: number; agents: number; password: string; timeZone: string; log: (line: string) => void },
): Promise<SeededQueue> {
  const now = new Date();
  const system: Ctx = { db, actor: await systemActor(db), now: () => now };
  await ensureDefaultScript(db, { now });
  const unit = await createUnit({ ctx: system, input: { code: 'BENCH', name: '压测营销中心', region: '压测' } });
  const staffUser = await createUser({
    ctx: system,
    input: { username: 'bench-staff', displayName: '压测集团客户部', password: options.password, role: 'staff', unitId: null, phone: null },
  });
  const staff: Ctx = { db, actor: { id: staffUser.id, username: staffUser.username, displayName: staffUser.displayName, role: 'staff', unitId: null }, now: () => now };
  const managers = Math.max(1, Math.ceil(options.tasks / VISITS_PER_MANAGER));
  for (let m = 1; m <= managers; m += 4) {
    const batch = Array.from({ length: Math.min(4, managers - m + 1) }, (_, k) => m + k);
    await Promise.all(
      batch.map((n) =>
        createUser({
          ctx: system,
          input: { username: managerName(n - 1), displayName: `压测客户经理${n}`, password: options.password, role: 'manager', unitId: unit.id, phone: null },
        }),
      ),
    );
  }
  const agents: { id: string; username: string }[] = [];
  for (let i = 1; i <= options.agents; i += 4) {
    const batch = Array.from({ length: Math.min(4, options.agents - i + 1) }, (_, k) => i + k);
    const made = await Promise.all(
      batch.map((n) =>
        createUser({ ctx: system, input: { username: `bench-agent-${pad(n, 3)}`, displayName: `压测坐席${n}`, password: options.password, role: 'agent', unitId: null, phone: null } }),
      ),
    );
    agents.push(...made.map((u) => ({ id: u.id, username: u.username })));
  }

  const from = '2000-01-01';
  await savePolicyVersion({
    ctx: staff,
    input: {
      key: 'calling',
      effectiveFrom: from,
      value: { ...policyDefinitions.calling.defaults, windows: [{ start: '00:00', end: '24:00' }], weekdays: [1, 2, 3, 4, 5, 6, 7], leaseSeconds: 600, manualCallsAllowed: true },
      note: '压测：全天可呼，人工拨打',
    },
  });
  await savePolicyVersion({
    ctx: staff,
    input: { key: 'sampling', effectiveFrom: from, value: { ...policyDefinitions.sampling.defaults, ratePercent: { A: 100, B: 100, C: 100, D: 100 } }, note: '压测：全部抽取' },
  });

  const customerCount = Math.max(1, Math.ceil(options.tasks / VISITS_PER_CUSTOMER));
  const claimFrom = dayOf(new Date(now.getTime() - 60 * 86_400_000), options.timeZone);
  const customerLines = ['集团编码,集团名称,集团等级,营销单位,地址,纬度,经度,客户经理工号,认领生效日期,关键人姓名,职务,联系人类型,联系电话'];
  for (let c = 0; c < customerCount; c++) {
    customerLines.push(
      [groupCode(c), `压测客户${c + 1}`, 'ABCD'[c % 4], 'BENCH', `压测路${c + 1}号`, '', '', managerName(c % managers), claimFrom, contactName(c), '办公室主任', '关键人', `+86139${pad(c, 8)}`].join(','),
    );
  }
  // Each customer's visits 9 hours apart, the last at least an hour ago; the minute offset keeps
  // customers' visits apart in time.
  const latest = now.getTime() - 3600_000;
  const visitLines = ['客户经理工号,集团编码,拜访对象,拜访方式,拜访时间,填报时间,签到方式,签到纬度,签到经度,拜访目的,拜访纪要'];
  const months = new Set<string>();
  for (let k = 0; k < options.tasks; k++) {
    const c = k % customerCount;
    const j = Math.floor(k / customerCount);
    const visitedAt = new Date(latest - (j * 9 * 60 + (c % 60)) * 60_000);
    months.add(monthOf(visitedAt, options.timeZone));
    const at = toLocalInput(visitedAt, options.timeZone).replace('T', ' ');
    visitLines.push([managerName(c % managers), groupCode(c), contactName(c), '电话', at, at, '无', '', '', '压测拜访', ''].join(','));
  }

  const dir = await mkdtemp(path.join(tmpdir(), 'huifang-bench-'));
  try {
    for (const [kind, name, lines] of [
      ['customers', '集团客户.csv', customerLines],
      ['visits', '拜访记录.csv', visitLines],
    ] as const) {
      const file = path.join(dir, name);
      await writeFile(file, `${lines.join('\n')}\n`, 'utf8');
      const started = Date.now();
      const result = await runImportInline({ ctx: staff, db, input: { kind, fileName: name }, filePath: file, commit: true });
      if (result.status !== 'committed') throw new Error(`bench ${kind} import ended as ${result.status}: ${JSON.stringify(result.errors.slice(0, 3))}`);
      options.log(`imported ${lines.length - 1} ${kind} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  let callbacks = 0;
  for (const month of [...months].sort()) callbacks += (await sampleMonth(db, month, { now, timeZone: options.timeZone })).callbacksCreated;
  return { staff, agents, callbacks };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const groupCode = (c: number) => `BENCH${pad(c + 1, 6)}`;
const managerName = (m: number) => `bench-mgr-${pad(m + 1, 4)}`;
const contactName = (c: number) => `联系人${c + 1}`;
