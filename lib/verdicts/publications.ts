import type { NewNotification } from '@/lib/notifications/store';
import type { NewVerdictVersion, VerdictCause } from './store';

/**
 * One notification per manager and month for the final verdicts an evaluation published (pure).
 * A dispute's own decision is announced by the dispute (see lib/disputes), not again here.
 */
export function verdictPublications(versions: readonly NewVerdictVersion[], cause: VerdictCause): NewNotification[] {
  if (cause === 'dispute') return [];
  const byManagerMonth = new Map<string, { managerId: string; month: string; count: number; invalid: number }>();
  for (const v of versions) {
    if (!v.verdict.final) continue;
    const key = `${v.managerId}|${v.month}`;
    const entry = byManagerMonth.get(key) ?? { managerId: v.managerId, month: v.month, count: 0, invalid: 0 };
    entry.count++;
    if (v.verdict.status === 'invalid') entry.invalid++;
    byManagerMonth.set(key, entry);
  }
  return [...byManagerMonth.values()].map((e) => ({
    userId: e.managerId,
    kind: 'verdicts_published',
    params: { month: e.month, count: e.count, invalid: e.invalid },
    link: `/my-month?month=${e.month}`,
  }));
}
