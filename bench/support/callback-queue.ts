import type { Db } from '@/db/client';
import type { Ctx } from '@/lib/platform/core/context';
import { dayOf, monthOf, toLocalInput } from '@/lib/platform/time/zone';
import { createBenchUsers, importAndSample, openBenchDepartment, saveBenchPolicies } from './bench-department';

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
  const dept = await openBenchDepartment(db, { unitCode: 'BENCH', unitName: '压测营销中心', staffUsername: 'bench-staff', staffName: '压测集团客户部', password: options.password });
  const { now } = dept;
  const managers = Math.max(1, Math.ceil(options.tasks / VISITS_PER_MANAGER));
  await createBenchUsers(dept, managers, (n) => ({
    username: managerName(n - 1),
    displayName: `压测客户经理${n}`,
    password: options.password,
    role: 'manager',
    unitId: dept.unitId,
    phone: null,
  }));
  const agents = await createBenchUsers(dept, options.agents, (n) => ({
    username: `bench-agent-${pad(n, 3)}`,
    displayName: `压测坐席${n}`,
    password: options.password,
    role: 'agent',
    unitId: null,
    phone: null,
  }));
  // A long lease and manual results (no telephony is dialled).
  await saveBenchPolicies(dept, { leaseSeconds: 600, manualCallsAllowed: true }, '压测：全天可呼，人工拨打');

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
  const { callbacks } = await importAndSample(dept, { customers: customerLines, visits: visitLines, months }, options);
  return { staff: dept.staff, agents, callbacks };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const groupCode = (c: number) => `BENCH${pad(c + 1, 6)}`;
const managerName = (m: number) => `bench-mgr-${pad(m + 1, 4)}`;
const contactName = (c: number) => `联系人${c + 1}`;
