import type { Role } from '@/lib/platform/core/context';
import { DEMO_UNITS } from './data';

export const DEMO_PASSWORD = 'huifang-demo';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  unit?: string;
  phone?: string;
  description: string;
}

const MANAGER_NAMES = ['陈志强', '李海燕', '王建华', '张晓东', '刘思远', '黄雅婷', '周国庆', '吴文博', '徐静', '孙磊', '马丽', '朱涛'];

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', description: 'admin — users, roles, units' },
  { username: 'staff1', displayName: '林晓岚', role: 'staff', description: 'staff — customer department (集团客户部)' },
  { username: 'staff2', displayName: '郑凯', role: 'staff', description: 'staff — customer department (集团客户部)' },
  { username: 'sup1', displayName: '赵建国', role: 'supervisor', unit: 'U01', description: 'supervisor — 城区营销中心' },
  { username: 'sup2', displayName: '钱卫东', role: 'supervisor', unit: 'U02', description: 'supervisor — 东部营销中心' },
  ...MANAGER_NAMES.map((name, i) => ({
    username: `mgr${String(i + 1).padStart(2, '0')}`,
    displayName: name,
    role: 'manager' as const,
    unit: DEMO_UNITS[Math.floor(i / 4)].code,
    phone: `1390000${String(1000 + i).padStart(4, '0')}`,
    description: `manager — ${DEMO_UNITS[Math.floor(i / 4)].name}`,
  })),
  ...['何雨', '罗佳', '宋佩', '唐宁'].map((name, i) => ({
    username: `agent${i + 1}`,
    displayName: name,
    role: 'agent' as const,
    phone: `1370000${String(2000 + i).padStart(4, '0')}`,
    description: 'agent — callback agent (外呼坐席)',
  })),
];

/**
 * The demo's managers as people are: one per unit misses some customers each month (a coverage
 * gap: no points that month), one per unit reports visits their contacts then deny or describe
 * otherwise on the callback (invalid verdicts); the others visit everyone and are confirmed.
 */
export const CARELESS_MANAGERS: readonly string[] = ['mgr04', 'mgr06', 'mgr11'];
export const DOUBTFUL_MANAGERS: readonly string[] = ['mgr01', 'mgr07', 'mgr10'];
/**
 * On the day's 电话抽查 (spot check), the customers of an absent manager say nobody came as
 * planned — enough findings in a month to reach the removal flag (建议调离); a doubtful manager's
 * now and then; the others' confirm the planned visit.
 */
export const ABSENT_MANAGERS: readonly string[] = ['mgr07'];
