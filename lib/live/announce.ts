import type { ManagerMonthResult } from '@/lib/assessment/evaluate';
import { publishLive } from './publish';

/**
 * After a visit's evaluation committed: its page refreshes for its manager and for staff; the
 * manager's bell when verdicts were written (final ones bring a notification, see
 * lib/notifications/store.ts verdictPublications).
 */
export async function announceVisitEvaluated(visitId: string, results: readonly Pick<ManagerMonthResult, 'managerId' | 'verdicts'>[]): Promise<void> {
  const managers = [...new Set(results.map((r) => r.managerId))];
  await publishLive({ users: managers, staff: true }, { topic: 'visit', id: visitId });
  // A new verdict version may have brought a notification; the bell re-reads its count (cheap).
  const published = results.filter((r) => r.verdicts > 0).map((r) => r.managerId);
  if (published.length > 0) await publishLive({ users: published }, { topic: 'notification', id: null });
}
