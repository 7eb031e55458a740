import { getFormatter, getTranslations } from 'next-intl/server';
import type { getVisitSamplingDecision } from '@/lib/sampling/decisions';
import { formatDraw } from '@/lib/sampling/draw';
import { EXCLUSION_REASONS } from '@/lib/sampling/reasons';
import { samplingReasonText, type RootTranslator } from '@/lib/sampling/reason-text';

/** One visit's sampling decision, for the visit page: sampled or not, why, with which rules. */
export async function SamplingDecision({ decision }: { decision: Awaited<ReturnType<typeof getVisitSamplingDecision>> }) {
  const [t, root, format] = await Promise.all([getTranslations('sampling'), getTranslations(), getFormatter()]);
  return (
    <div className="card" data-testid="visit-sampling">
      <h2 style={{ marginTop: 0 }}>{t('visit.title')}</h2>
      {!decision ? (
        <p className="muted" data-testid="visit-sampling-pending">
          {t('visit.pending')}
        </p>
      ) : (
        <>
          <p>
            <span className={`badge ${decision.sampled ? 'ok' : ''}`} data-testid="visit-sampling-decision" data-sampled={decision.sampled}>
              {decision.sampled ? t('visit.sampled') : EXCLUSION_REASONS.includes(decision.reasonCode as never) ? t('visit.excluded') : t('visit.notSampled')}
            </span>{' '}
            <span data-testid="visit-sampling-reason">{samplingReasonText(root as unknown as RootTranslator, decision.reasonCode, decision.reasonParams)}</span>
          </p>
          <p className="muted small">
            {t(decision.policyVersion === 0 ? 'visit.defaultVersion' : 'visit.details', {
              version: decision.policyVersion,
              draw: formatDraw(decision.draw),
              decidedBy: t(`decisions.decidedBy.${decision.decidedBy === 'batch' ? 'batch' : 'realtime'}`),
              decidedAt: format.dateTime(decision.decidedAt, { dateStyle: 'medium', timeStyle: 'short' }),
            })}
          </p>
        </>
      )}
    </div>
  );
}
