import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { getSpotCheckDisputeEligibility } from '@/lib/disputes/spot-check';
import { NotFoundError } from '@/lib/platform/core/errors';
import { isId } from '@/lib/platform/core/ids';
import type { RootTranslator } from '@/lib/visits/verdict-text';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { CallbacksEvidenceView } from '@/app/_components/verdict-evidence';
import { SpotCheckFactsView } from '../_components/spot-check-facts';
import { errorCodeText } from '../_components/subject-text';
import { SpotCheckDisputeForm } from './spot-check-dispute-form';

/**
 * 申诉 of a spot-check finding (/disputes/new?spotCheckItem=<spot_check_items.id>): where the
 * manager lands from a finding of 未拜访 wherever it is shown to them. The finding and the calls it
 * rests on, then the form while it may be disputed (until the window ends), otherwise why not —
 * not a finding, the window is over, one is already open, or a decision closed it (with a link).
 * Only the manager whose spot check it is: anyone else reads "not found".
 */
export default async function NewDisputePage({ searchParams }: { searchParams: Promise<{ spotCheckItem?: string }> }) {
  const ctx = await pageCtx('manager');
  const { spotCheckItem } = await searchParams;
  const e = await pageLoad(async () => {
    if (!spotCheckItem || !isId(spotCheckItem)) throw new NotFoundError();
    return getSpotCheckDisputeEligibility({ ctx, input: { spotCheckItemId: spotCheckItem } });
  });
  const [t, root, format] = await Promise.all([getTranslations('disputes'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  const when = (at: Date) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' });
  const windowParams: Record<string, string> = e.windowEndsAt ? { time: when(e.windowEndsAt), until: when(e.windowEndsAt) } : {};

  return (
    <section>
      <p>
        <Link href="/disputes">‹ {t('spotCheck.backToDisputes')}</Link>
      </p>
      <h1>{t('spotCheck.newTitle')}</h1>
      <SpotCheckFactsView facts={e.spotCheck} disputed={false} />

      <div className="card" data-testid="dispute-evidence">
        <h2 style={{ marginTop: 0 }}>{t('spotCheck.calls')}</h2>
        <CallbacksEvidenceView callbacks={e.callbacks} testIdPrefix="dispute" />
      </div>

      <div className="card" data-testid="dispute-panel">
        <h2 style={{ marginTop: 0 }}>{t('spotCheck.dispute')}</h2>
        {e.canDispute ? (
          <>
            <p className="muted small">{t('spotCheck.newIntro')}</p>
            {e.windowEndsAt && (
              <p className="muted small" data-testid="dispute-window">
                {t('spotCheck.windowEndsAt', { time: when(e.windowEndsAt) })}
              </p>
            )}
            <SpotCheckDisputeForm spotCheckItemId={e.spotCheck.itemId} maxAttachments={e.maxAttachments} maxAttachmentBytes={e.maxAttachmentBytes} />
          </>
        ) : (
          <p className="muted" data-testid="dispute-blocked" data-reason={e.blockedBy ?? ''}>
            {errorCodeText(tr, e.blockedBy ?? '', t('spotCheck.cannot'), windowParams)}
            {e.openDisputeId && (
              <>
                {' '}
                <Link href={`/disputes/${e.openDisputeId}`} data-testid="dispute-open-link">
                  {t('spotCheck.openDispute')}
                </Link>
              </>
            )}
            {!e.openDisputeId && e.decidedDisputeId && (
              <>
                {' '}
                <Link href={`/disputes/${e.decidedDisputeId}`} data-testid="dispute-decided-link">
                  {t('spotCheck.decidedDispute')}
                </Link>
              </>
            )}
          </p>
        )}
      </div>
    </section>
  );
}
