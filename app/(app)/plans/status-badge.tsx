import { getTranslations } from 'next-intl/server';
import type { PlanStatus } from '@/lib/plans/rules';

const TONE: Record<PlanStatus, string> = { draft: 'badge', submitted: 'badge info', approved: 'badge ok', rejected: 'badge danger' };

export async function PlanStatusBadge({ status }: { status: PlanStatus }) {
  const t = await getTranslations('plans.statuses');
  return (
    <span className={TONE[status]} data-testid="plan-status" data-status={status}>
      {t(status)}
    </span>
  );
}
