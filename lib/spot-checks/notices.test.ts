import { describe, expect, it } from 'vitest';
import type { SpotCheckFinding } from './finding-rules';
import { notVisitedNotice } from './notices';

const item = (finding: SpotCheckFinding | null, newFinding: SpotCheckFinding | null, customerName = '鹏程医药') => ({ finding, newFinding, customerName });
const base = { managerId: 'm1', day: '2026-11-03', month: '2026-11', penaltyYuan: 100 };

describe('notVisitedNotice', () => {
  it.each([
    ['a first not_visited finding', [item(null, 'not_visited')], { customers: '鹏程医药', count: 1 }],
    ['two customers at once, named in order', [item(null, 'not_visited', '甲公司'), item(null, 'visited', '乙公司'), item('unverified', 'not_visited', '丙公司')], { customers: '甲公司、丙公司', count: 2 }],
    ['a recheck that agreed with the finding', [item('not_visited', 'not_visited')], null],
    ['a finding overturned to visited', [item('not_visited', 'visited')], null],
    ['only visited, unreachable or still open', [item(null, 'visited'), item(null, 'unreachable'), item(null, null)], null],
  ])('%s', (_, items, expected) => {
    const notice = notVisitedNotice({ ...base, items });
    if (expected === null) expect(notice).toBeNull();
    else expect(notice).toEqual({ userId: 'm1', kind: 'spot_check_not_visited', params: { day: '2026-11-03', penalty: 100, ...expected }, link: '/my-month?month=2026-11' });
  });
});
