import { getFormatter, getTranslations } from 'next-intl/server';
import type { Actor } from '@/lib/platform/core/context';
import type { getVisit } from '@/lib/visits/visits';
import { BackfillButtons } from './backfill-buttons';

/**
 * 超期补报 on the visit page, for everyone who may see the visit: what it means while it waits,
 * the department's decision with its comment once made; staff decide a pending one here.
 */
export async function BackfillPanel({ visit, actor }: { visit: Awaited<ReturnType<typeof getVisit>>; actor: Actor }) {
  if (!visit.backfill) return null;
  const [t, format] = await Promise.all([getTranslations('visits.backfill'), getFormatter()]);
  const state = visit.backfill;
  const decides = state === 'pending' && (actor.role === 'staff' || actor.role === 'admin');
  return (
    <div className="card" data-testid="visit-backfill" data-state={state}>
      <h2 style={{ marginTop: 0 }}>
        {t('title')} <span className="badge">{t(`badge.${state}`)}</span>
      </h2>
      <p className={`alert ${state === 'rejected' ? 'error' : state === 'pending' ? 'warn' : 'ok'}`}>{t(`${state}Explained`)}</p>
      {state !== 'pending' && visit.backfillDecidedAt && (
        <p className="small" data-testid="visit-backfill-decision">
          {t('decided', { name: visit.backfillDecidedByName ?? '', at: format.dateTime(visit.backfillDecidedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}
          {visit.backfillComment ? ` · ${t('comment')}：${visit.backfillComment}` : ''}
        </p>
      )}
      {decides && (
        <BackfillButtons
          visitId={visit.id}
          labels={{ approve: t('approve'), reject: t('reject'), comment: t('commentLabel'), confirmApprove: t('confirmApprove'), confirmReject: t('confirmReject'), cancel: t('cancel') }}
        />
      )}
    </div>
  );
}
