import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { getDisputeEligibility } from '@/lib/disputes/queries';
import type { Ctx } from '@/lib/platform/core/context';
import { findingName, type RootTranslator } from '@/lib/visits/verdict-text';
import { pageLoad } from '@/lib/web/page-guard';
import { errorCodeText } from '../../disputes/_components/subject-text';
import { DisputeForm, type SubjectOption } from './dispute-form';

/**
 * 申诉 on the manager's visit page, beside the verdict: the form while something may be disputed
 * (until the window ends), otherwise why not — the window is over, nothing invalid, one is
 * already open, or a decision closed it (with a link to that dispute).
 */
export async function DisputePanel({ ctx, visitId }: { ctx: Ctx; visitId: string }) {
  const eligibility = await pageLoad(() => getDisputeEligibility({ ctx, input: { visitId } }));
  const [t, root, format] = await Promise.all([getTranslations('disputes'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  const when = (at: Date) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' });
  const options: SubjectOption[] = eligibility.subjects.map((s) => ({
    subject: s.subject,
    findingCode: s.findingCode,
    label: s.subject === 'finding' && s.findingCode ? t('subject.finding', { name: findingName(tr, s.findingCode) }) : t('subject.verdict'),
  }));

  return (
    <div className="card" data-testid="dispute-panel">
      <h2 style={{ marginTop: 0 }}>{t('panel.title')}</h2>
      {eligibility.canDispute && options.length > 0 ? (
        <>
          {eligibility.windowEndsAt && (
            <p className="muted small" data-testid="dispute-window">
              {t('panel.windowEndsAt', { time: when(eligibility.windowEndsAt) })}
            </p>
          )}
          <DisputeForm visitId={visitId} options={options} maxAttachments={eligibility.maxAttachments} maxAttachmentBytes={eligibility.maxAttachmentBytes} />
        </>
      ) : (
        <p className="muted" data-testid="dispute-blocked" data-reason={eligibility.blockedBy ?? ''}>
          {eligibility.blockedBy
            ? errorCodeText(tr, eligibility.blockedBy, t('panel.cannot'), eligibility.windowEndsAt ? { time: when(eligibility.windowEndsAt), until: when(eligibility.windowEndsAt) } : {})
            : t('panel.nothing')}
          {eligibility.openDisputeId && (
            <>
              {' '}
              <Link href={`/disputes/${eligibility.openDisputeId}`} data-testid="dispute-open-link">
                {t('panel.openDispute')}
              </Link>
            </>
          )}
          {/* A decision closed this ground: the manager reads it there (who, when, the comment). */}
          {!eligibility.openDisputeId && eligibility.decidedDisputeId && (
            <>
              {' '}
              <Link href={`/disputes/${eligibility.decidedDisputeId}`} data-testid="dispute-decided-link">
                {t('panel.decidedDispute')}
              </Link>
            </>
          )}
        </p>
      )}
    </div>
  );
}
