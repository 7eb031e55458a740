import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { NotFoundError } from '@/lib/platform/core/errors';
import { idSchema } from '@/lib/platform/core/ids';
import { getVisitSamplingDecision } from '@/lib/sampling/decisions';
import { verdictEvidence } from '@/lib/verdicts/evidence';
import { getVisit } from '@/lib/visits/visits';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { SamplingDecision } from '../../settings/sampling/sampling-decision';
import { TaskReasonButton } from '@/app/_components/task-reason-button';
import { VerdictEvidenceView } from '@/app/_components/verdict-evidence';
import { LiveRefresh } from '@/app/_components/live-refresh';
import { RecordTrail } from '@/app/_components/record-trail';
import { cancelCallbackAction } from '../actions';
import { DisputePanel } from './dispute-panel';
import { VisitVerdict } from './visit-verdict';
import { BackfillPanel } from './backfill-panel';
import { ContactPhone } from '../../customers/_components/contact-phone';

/** A callback staff may still call off. */
const OPEN_CALLBACK_STATES: readonly string[] = ['waiting', 'ready', 'held'];

export default async function VisitPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> }) {
  const ctx = await pageCtx('manager', 'supervisor', 'staff', 'admin');
  const { id } = await params;
  const justSaved = (await searchParams).saved === '1';
  const visit = await pageLoad(async () => {
    // A malformed id is, to the reader, simply a visit that is not there.
    if (!idSchema.safeParse(id).success) throw new NotFoundError();
    return getVisit({ ctx, input: { id } });
  });
  // Staff see why the visit was (or was not) sampled for a callback.
  const sampling = ctx.actor.role === 'staff' || ctx.actor.role === 'admin' ? await pageLoad(() => getVisitSamplingDecision({ ctx, input: { visitId: id } })) : undefined;
  // Whoever may see the visit reads its verdict, findings and the evidence they rest on (lib/verdicts checks the same scope).
  const evidence = await pageLoad(() => verdictEvidence({ ctx, input: { visitId: id } }));
  const verdict = evidence.verdict;
  const [t, tc, tb, format] = await Promise.all([getTranslations('visits'), getTranslations('common'), getTranslations('callbacks.queue'), getFormatter()]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' });
  const hasCoordinates = visit.checkInLatitude !== null && visit.checkInLongitude !== null;

  return (
    <section>
      {/* The verdict, data check and dispute state show as soon as they change (no reload). */}
      <LiveRefresh topic="visit" id={visit.id} />
      <p>
        <Link href="/visits">‹ {t('backToList')}</Link>
      </p>
      {justSaved && (
        <p className="alert ok" role="status" data-testid="visit-saved">
          {t('saved')}
        </p>
      )}
      {justSaved && visit.late && (
        <p className="alert warn" role="status" data-testid="visit-saved-late">
          {t('savedLate')}
        </p>
      )}
      <h1>
        {t('detailTitle')} · {visit.customerName}{' '}
        {visit.late ? (
          <span className="badge warn" data-testid="late-badge">
            {t('late')}
          </span>
        ) : (
          <span className="badge ok">{t('onTime')}</span>
        )}
      </h1>
      <dl className="facts card" data-testid="visit-facts">
        <dt>{t('customer')}</dt>
        <dd>
          {visit.customerName} · {visit.groupCode} · {t('customerClass')} {visit.customerClass}
        </dd>
        <dt>{t('manager')}</dt>
        <dd>
          {visit.managerName} ({visit.managerUsername}){visit.unitName ? ` · ${visit.unitName}` : ''}
        </dd>
        <dt>{t('type')}</dt>
        <dd>{tc(`visitType.${visit.type}`)}</dd>
        <dt>{t('visitedAt')}</dt>
        <dd>{when(visit.visitedAt)}</dd>
        <dt>{t('reportedAt')}</dt>
        <dd>
          {when(visit.reportedAt)}
          {visit.late && <div className="muted small">{t('lateExplained')}</div>}
        </dd>
        <dt>{t('checkIn')}</dt>
        <dd>
          {tc(`checkIn.${visit.checkInMethod}`)}
          {hasCoordinates && ` · ${visit.checkInLatitude}, ${visit.checkInLongitude}`}
        </dd>
        <dt>{t('source')}</dt>
        <dd>
          {tc(`source.${visit.source}`)} · {t('filedBy')} {visit.createdByName}
        </dd>
        <dt>{t('purpose')}</dt>
        <dd>{visit.purpose}</dd>
        <dt>{t('summary')}</dt>
        <dd style={{ whiteSpace: 'pre-wrap' }}>{visit.summary || t('noSummary')}</dd>
      </dl>

      <h2>{t('contacts')}</h2>
      <table className="data" data-testid="visit-contacts">
        <thead>
          <tr>
            <th>{t('contactName')}</th>
            <th>{t('contactTitle')}</th>
            <th>{t('contactRole')}</th>
            <th>{t('contactPhone')}</th>
          </tr>
        </thead>
        <tbody>
          {visit.contacts.map((c) => (
            <tr key={c.id}>
              <td>
                {c.name} {!c.active && <span className="badge">{t('contactInactive')}</span>}
              </td>
              <td>{c.title || '—'}</td>
              <td>{tc(`contactRole.${c.role}`)}</td>
              <td>
                <ContactPhone contactId={c.id} phone={c.phone} canReveal={visit.canRevealPhones && visit.phonesMasked} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {visit.phonesMasked && <p className="muted small">{t('phonesMasked')}</p>}
      {/* 超期补报: what it means while it waits, the decision once made; staff decide it here. */}
      <BackfillPanel visit={visit} actor={ctx.actor} />
      <VisitVerdict data={verdict} />
      {/* 判定依据: the calls, answers, waived findings and decisions the verdict rests on (staff read the sampling decision below). */}
      <VerdictEvidenceView evidence={evidence} parts={{ sampling: sampling === undefined, currentFindings: false }} />
      {/* The manager may contest the verdict (or a finding) beside it, within the window. */}
      {ctx.actor.role === 'manager' && <DisputePanel ctx={ctx} visitId={id} />}
      {sampling !== undefined && <SamplingDecision decision={sampling} />}
      {sampling?.taskId && OPEN_CALLBACK_STATES.includes(sampling.taskState!) && (
        <p className="row" data-testid="visit-callback-cancel">
          <span className="muted small">{tb('cancelHint')}</span>
          <TaskReasonButton
            taskId={sampling.taskId}
            action={cancelCallbackAction}
            labels={{ open: tb('cancel'), reason: tb('cancelReason'), confirm: tb('cancelConfirm') }}
            testId="callback-cancel"
          />
        </p>
      )}
      {/* 操作记录: what was done to this visit (staff also read its callbacks' steps). */}
      <RecordTrail ctx={ctx} entityType="visit" entityId={visit.id} />
    </section>
  );
}
