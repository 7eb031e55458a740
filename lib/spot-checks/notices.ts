import type { NewNotification } from '@/lib/notifications/store';
import type { SpotCheckFinding } from './finding-rules';

/**
 * The manager's notice when an evaluation newly finds customers of a checked day saying the
 * manager did not come (pure). One notice per evaluation, naming every such customer: a manager
 * who learns of a charge only at the month's close cannot dispute it in time. A finding that was
 * already not_visited (a recheck that agreed) is not announced again; one overturned to visited
 * is announced by the dispute's decision.
 */
export function notVisitedNotice(input: {
  managerId: string;
  day: string;
  month: string;
  items: readonly { finding: SpotCheckFinding | null; newFinding: SpotCheckFinding | null; customerName: string }[];
  penaltyYuan: number;
}): NewNotification | null {
  const found = input.items.filter((i) => i.newFinding === 'not_visited' && i.finding !== 'not_visited');
  if (found.length === 0) return null;
  return {
    userId: input.managerId,
    kind: 'spot_check_not_visited',
    params: { day: input.day, customers: found.map((i) => i.customerName).join('、'), count: found.length, penalty: input.penaltyYuan },
    link: `/my-month?month=${input.month}`,
  };
}
