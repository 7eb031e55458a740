import type { Db } from '@/db/client';
import { dayOf, monthOf, toLocalInput } from '@/lib/platform/time/zone';
import { createBenchUsers, importAndSample, openBenchDepartment, saveBenchPolicies } from '../bench-department';

/**
 * The soak's department, built through the product's verbs and imports: one unit, staff, the
 * agents (each with a phone of their own for the emulator to ring first) and the managers, their
 * customers (附件1) each with one key person whose number decides what the emulator's contact does
 * (answers, busy, no answer, fails, an answering machine), and visits of the last days (附件3)
 * sampled at 100 % into callbacks. The calling rules are open around the clock, place up to 50
 * calls a second, retry a minute later and lease a callback for a minute — so retries and lapsed
 * leases come due within the run and the timers are exercised.
 */
export interface SoakWorld {
  staff: { id: string; username: string };
  agents: { id: string; username: string }[];
  managers: { id: string; username: string }[];
  callbacks: number;
  /** The month the visits began in (a month already over, for the close). */
  closedMonth: string;
}

/** What the contact's number ends in, by customer: the emulator's behaviour table. */
export const BEHAVIOUR_MIX: readonly { ending: () => string; share: number; name: string }[] = [
  { name: 'answer', share: 0.55, ending: () => `5${Math.floor(Math.random() * 10)}` },
  { name: 'busy', share: 0.15, ending: () => '11' },
  { name: 'no-answer', share: 0.1, ending: () => '00' },
  { name: 'failed', share: 0.1, ending: () => '22' },
  { name: 'machine', share: 0.1, ending: () => '33' },
];

export function endingFor(index: number): string {
  // Deterministic by index: a fixed share of customers per behaviour, spread evenly.
  const x = ((index * 0.6180339887) % 1 + 1) % 1;
  let acc = 0;
  for (const b of BEHAVIOUR_MIX) {
    acc += b.share;
    if (x < acc) return b.name === 'answer' ? `5${index % 10}` : b.ending();
  }
  return '55';
}

export async function seedSoakWorld(
  db: Db,
  options: { agents: number; managers: number; visits: number; password: string; timeZone: string; log: (line: string) => void },
): Promise<SoakWorld> {
  const dept = await openBenchDepartment(db, { unitCode: 'SOAK', unitName: '浸泡测试营销中心', staffUsername: 'soak-staff', staffName: '浸泡测试集团客户部', password: options.password });
  const { now } = dept;
  const managers = await createBenchUsers(dept, options.managers, (n) => ({
    username: managerName(n),
    displayName: `浸泡客户经理${n}`,
    password: options.password,
    role: 'manager',
    unitId: dept.unitId,
    phone: null,
  }));
  const agents = await createBenchUsers(dept, options.agents, (n) => ({
    username: `soak-agent-${pad(n, 3)}`,
    displayName: `浸泡坐席${n}`,
    password: options.password,
    role: 'agent',
    unitId: null,
    // The agent's own phone, rung first by the emulator (which always answers an agent's leg).
    phone: `+86138${pad(n, 8)}`,
  }));
  options.log(`${managers.length} managers, ${agents.length} agents and one staff member created`);

  await saveBenchPolicies(
    dept,
    { retrySpacingMinutes: 1, retryDifferentHalfDay: false, callsPerSecond: 50, leaseSeconds: 60, manualCallsAllowed: false },
    '浸泡测试：全天可呼，一分钟后重拨',
  );

  // Ten customers per manager; visits spread over the last twelve days (the month before included).
  const customerCount = options.managers * 10;
  const claimFrom = dayOf(new Date(now.getTime() - 90 * 86_400_000), options.timeZone);
  const customerLines = ['集团编码,集团名称,集团等级,营销单位,地址,纬度,经度,客户经理工号,认领生效日期,关键人姓名,职务,联系人类型,联系电话'];
  for (let c = 0; c < customerCount; c++) {
    customerLines.push(
      [groupCode(c), `浸泡客户${c + 1}`, 'ABCD'[c % 4], 'SOAK', `浸泡路${c + 1}号`, '', '', managerName((c % options.managers) + 1), claimFrom, contactName(c), '办公室主任', '关键人', `+86139${pad(c, 6)}${endingFor(c)}`].join(','),
    );
  }
  const latest = now.getTime() - 3 * 3600_000;
  const span = 12 * 86_400_000;
  const visitLines = ['客户经理工号,集团编码,拜访对象,拜访方式,拜访时间,填报时间,签到方式,签到纬度,签到经度,拜访目的,拜访纪要'];
  const months = new Set<string>();
  for (let k = 0; k < options.visits; k++) {
    const c = k % customerCount;
    const visitedAt = new Date(latest - Math.floor((k / options.visits) * span) - (c % 60) * 60_000);
    months.add(monthOf(visitedAt, options.timeZone));
    const at = toLocalInput(visitedAt, options.timeZone).replace('T', ' ');
    visitLines.push([managerName((c % options.managers) + 1), groupCode(c), contactName(c), k % 2 ? '电话' : '上门', at, at, '无', '', '', '浸泡测试拜访', ''].join(','));
  }
  const sampled = await importAndSample(dept, { customers: customerLines, visits: visitLines, months }, options);
  const staffActor = dept.staff.actor;
  return { staff: { id: staffActor.id, username: staffActor.username }, agents, managers, callbacks: sampled.callbacks, closedMonth: sampled.months[0] };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const groupCode = (c: number) => `SOAK${pad(c + 1, 6)}`;
const managerName = (n: number) => `soak-mgr-${pad(n, 3)}`;
const contactName = (c: number) => `联系人${c + 1}`;
