import { getTranslations } from 'next-intl/server';
import type { DisputeState } from '@/lib/disputes/schemas';

const TONE: Record<DisputeState, string> = {
  open: 'badge info',
  under_review: 'badge warn',
  upheld: 'badge danger',
  overturned: 'badge ok',
  withdrawn: 'badge',
};

export async function DisputeStateBadge({ state }: { state: DisputeState }) {
  const t = await getTranslations('disputes.states');
  return (
    <span className={TONE[state]} data-testid="dispute-state" data-state={state}>
      {t(state)}
    </span>
  );
}

/** Past the department's response deadline and still undecided. */
export async function OverdueBadge() {
  const t = await getTranslations('disputes');
  return (
    <span className="badge danger" data-testid="dispute-overdue">
      {t('overdue')}
    </span>
  );
}
