import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { NotFoundError } from '@/lib/platform/core/errors';
import { isId } from '@/lib/platform/core/ids';
import { readDispute } from '@/lib/disputes/queries';
import type { DisputeDetail, DisputeDetailBase, SpotCheckDisputeDetail } from '@/lib/disputes/views';
import { verdictEvidence, type VerdictEvidence } from '@/lib/verdicts/evidence';
import { verdictText, type RootTranslator } from '@/lib/visits/verdict-text';
import { CallbacksEvidenceView, VerdictEvidenceView } from '@/app/_components/verdict-evidence';
import { LiveRefresh } from '@/app/_components/live-refresh';
import { RecordTrail } from '@/app/_components/record-trail';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { VerdictBadge } from '../../assessment/_components/month-view';
import { DisputeStateBadge, OverdueBadge } from '../_components/state-badge';
import { SpotCheckFactsView } from '../_components/spot-check-facts';
import { errorCodeText, subjectText } from '../_components/subject-text';
import { ReviewActions } from './review-actions';
import { WithdrawButton } from './withdraw-button';


type Translator = Awaited<ReturnType<typeof getTranslations<'disputes'>>>;

/**
 * One dispute (申诉). The manager reads the verdict disputed and the one in force now, their
 * reason and files, the state with its deadline, and the decision with the reviewer's comment
 * (withdrawing while undecided). Department staff review: the visit report, findings, every
 * callback with its answers, score and script version, each call's status history and recording,
 * the audit timeline — and act as the verb allows. A spot-check finding's dispute (电话抽查) shows
 * the checked customer, the planned visit and the finding instead of a visit and its verdicts,
 * with the spot check's callbacks (in full for staff; those over, without agents, for the others).
 */
export default async function DisputePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ filed?: string }> }) {
  const ctx = await pageCtx('manager', 'supervisor', 'staff', 'admin');
  const { id } = await params;
  const justFiled = (await searchParams).filed === '1';
  const d = await pageLoad(async () => {
    // A malformed id is, to the reader, simply a dispute that is not there.
    if (!isId(id)) throw new NotFoundError();
    return readDispute({ ctx, input: { disputeId: id } });
  });
  // 判定依据: the same evidence as on the visit page, in the reader's scope.
  const evidence = d.subject === 'spot_check' ? null : await pageLoad(() => verdictEvidence({ ctx, input: { visitId: d.visit.id } }));
  const [t, ta, tc, root, format] = await Promise.all([getTranslations('disputes'), getTranslations('assessment'), getTranslations('common'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  const when = (at: Date) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' });
  const undecided = d.state === 'open' || d.state === 'under_review';
  const canReview = d.can.startReview || d.can.orderRecallback || d.can.decide;

  return (
    <section>
      {/* A decision, review or withdrawal shows as soon as it is made (no reload). */}
      <LiveRefresh topic="dispute" id={d.id} />
      <p>
        <Link href="/disputes">‹ {t('detail.backToList')}</Link>
      </p>
      {justFiled && (
        <p className="alert ok" role="status" data-testid="dispute-filed">
          {t('detail.filed')}
        </p>
      )}
      <h1>
        {t('detail.title')} · {d.subject === 'spot_check' ? d.spotCheck.customerName : d.visit.customerName} <DisputeStateBadge state={d.state} /> {d.overdue && <OverdueBadge />}
      </h1>

      <dl className="facts card" data-testid="dispute-facts">
        <dt>{t('fields.manager')}</dt>
        <dd>
          {d.manager.name}
          {d.manager.unitName ? ` · ${d.manager.unitName}` : ''}
        </dd>
        {d.subject === 'spot_check' ? (
          <>
            <dt>{t('spotCheck.kind')}</dt>
            <dd>
              {d.spotCheck.customerName} ({tc('customerClass')} {d.spotCheck.customerClass}) · {t('spotCheck.plannedAt')} {when(d.spotCheck.plannedAt)}
            </dd>
          </>
        ) : (
          <>
            <dt>{t('fields.visit')}</dt>
            <dd>
              <Link href={`/visits/${d.visit.id}`}>
                {when(d.visit.visitedAt)} · {tc(`visitType.${d.visit.type}`)} · {d.visit.customerName} ({tc('customerClass')} {d.visit.customerClass})
              </Link>
            </dd>
          </>
        )}
        <dt>{t('fields.subject')}</dt>
        <dd data-testid="dispute-subject">{subjectText(tr, d.subject, d.subject === 'spot_check' ? null : d.findingCode)}</dd>
        <dt>{t('fields.filedAt')}</dt>
        <dd>{when(d.filedAt)}</dd>
        <dt>{t('fields.state')}</dt>
        <dd>
          <DisputeStateBadge state={d.state} />
        </dd>
        <dt>{t('fields.respondBy')}</dt>
        <dd data-testid="dispute-respond-by">
          {when(d.respondBy)} {d.overdue && <OverdueBadge />}
          {undecided && !d.overdue && <div className="muted small">{t('detail.respondByHint')}</div>}
        </dd>
        {d.reviewer && (
          <>
            <dt>{t('fields.reviewer')}</dt>
            <dd>{d.reviewer.name}</dd>
          </>
        )}
      </dl>

      {d.subject === 'spot_check' ? (
        <SpotCheckFactsView facts={d.spotCheck} />
      ) : (
      <div className="card" data-testid="dispute-verdicts">
        <h2 style={{ marginTop: 0 }}>{t('detail.verdicts')}</h2>
        <dl className="facts">
          <dt>{t('detail.disputedVerdict')}</dt>
          <dd data-testid="dispute-verdict-disputed">
            <VerdictBadge status={d.disputedVerdict.status} label={ta(`verdicts.status.${d.disputedVerdict.status}` as 'verdicts.status.valid')} />{' '}
            <span className="muted small">{t('detail.version', { version: d.disputedVerdict.version })}</span>
            <div>{verdictText(tr, d.disputedVerdict)}</div>
          </dd>
          <dt>{t('detail.currentVerdict')}</dt>
          <dd data-testid="dispute-verdict-current">
            {d.currentVerdict ? (
              <>
                <VerdictBadge status={d.currentVerdict.status} label={ta(`verdicts.status.${d.currentVerdict.status}` as 'verdicts.status.valid')} />{' '}
                <span className="muted small">{t('detail.version', { version: d.currentVerdict.version })}</span>
                <div>{verdictText(tr, d.currentVerdict)}</div>
              </>
            ) : (
              <span className="muted">{ta('verdicts.none')}</span>
            )}
          </dd>
        </dl>
      </div>
      )}

      <div className="card" data-testid="dispute-reason">
        <h2 style={{ marginTop: 0 }}>{t('detail.reason')}</h2>
        <p style={{ whiteSpace: 'pre-wrap' }}>{d.reason}</p>
        <h3>{t('detail.attachments')}</h3>
        <Attachments attachments={d.attachments} t={t} />
      </div>

      <div className="card" data-testid="dispute-decision">
        <h2 style={{ marginTop: 0 }}>{t('detail.decision')}</h2>
        {d.decision ? (
          <>
            <p>
              <span className={`badge ${d.decision.decision === 'overturned' ? 'ok' : 'danger'}`} data-testid="dispute-decision-value" data-decision={d.decision.decision}>
                {t(`decisions.${d.decision.decision}`)}
              </span>{' '}
              <span className="muted small">{t('detail.decidedBy', { name: d.decision.decidedBy, time: when(d.decision.decidedAt) })}</span>
            </p>
            <p className="muted small">{t(`decisionMeaning.${d.subject === 'spot_check' ? (d.decision.decision === 'overturned' ? 'spotCheckOverturned' : 'spotCheckUpheld') : d.decision.decision}`)}</p>
            <h3>{t('detail.comment')}</h3>
            <p style={{ whiteSpace: 'pre-wrap' }} data-testid="dispute-comment">
              {d.decision.comment}
            </p>
          </>
        ) : d.withdrawnAt ? (
          <p className="muted">{t('detail.withdrawnAt', { time: when(d.withdrawnAt) })}</p>
        ) : (
          <p className="muted">{t('detail.awaiting', { time: when(d.respondBy) })}</p>
        )}
        {d.can.withdraw && <WithdrawButton disputeId={d.id} />}
      </div>

      {/* Staff review the report beside the evidence; the manager reads the evidence the verdict rests on. */}
      {d.subject === 'spot_check' ? (
        <SpotCheckCalls d={d} t={t} />
      ) : d.callbacks !== undefined ? (
        <Evidence d={d} evidence={evidence!} t={t} when={when} />
      ) : (
        <VerdictEvidenceView evidence={evidence!} />
      )}

      {(canReview || d.reviewBlockedReason) && (
        <div className="card" data-testid="dispute-review">
          <h2 style={{ marginTop: 0 }}>{t('review.title')}</h2>
          {d.reviewBlockedReason && (
            <p className="alert warn" role="status" data-testid="dispute-review-blocked">
              {errorCodeText(tr, d.reviewBlockedReason, t('review.blocked'))}
            </p>
          )}
          {canReview && <ReviewActions disputeId={d.id} can={d.can} pendingRecallback={d.pendingRecallback} spotCheck={d.subject === 'spot_check'} />}
        </div>
      )}

      {d.timeline !== undefined && (
        <>
          <h2>{t('timeline.title')}</h2>
          {d.timeline.length === 0 ? (
            <p className="muted">{t('timeline.none')}</p>
          ) : (
            <table className="data" data-testid="dispute-timeline">
              <thead>
                <tr>
                  <th>{t('timeline.at')}</th>
                  <th>{t('timeline.action')}</th>
                  <th>{t('timeline.actor')}</th>
                </tr>
              </thead>
              <tbody>
                {d.timeline.map((e, i) => (
                  <tr key={`${e.at.toISOString()}-${i}`}>
                    <td>{when(e.at)}</td>
                    <td>
                      {actionText(tr, e.action)}
                      {e.note && <div className="muted small">{e.note}</div>}
                    </td>
                    <td>{e.actorName ?? t('timeline.system')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      {/* The manager and their supervisor read the dispute's 操作记录 (staff have the timeline above). */}
      {d.timeline === undefined && <RecordTrail ctx={ctx} entityType="dispute" entityId={d.id} />}
    </section>
  );
}

/** An audit action ('dispute.filed') by its name in the catalogue (dots cannot be keys there). */
function actionText(tr: RootTranslator, action: string): string {
  const key = `disputes.timeline.actions.${action.replace(/\./g, '_')}`;
  return tr.has(key) ? tr(key) : action;
}

function Attachments({ attachments, t }: { attachments: DisputeDetailBase['attachments']; t: Translator }) {
  if (attachments.length === 0) return <p className="muted">{t('detail.noAttachments')}</p>;
  const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);
  return (
    <ul data-testid="dispute-attachments" style={{ listStyle: 'none', padding: 0, display: 'flex', flexDirection: 'column', gap: 12 }}>
      {attachments.map((a) => (
        <li key={a.id} data-testid="dispute-attachment" data-content-type={a.contentType}>
          <a href={a.href} target="_blank" rel="noopener noreferrer">
            {a.fileName}
          </a>{' '}
          <span className="muted small">
            {a.contentType === 'application/pdf' ? 'PDF' : t('detail.image')} · {size(a.sizeBytes)}
          </span>
          {a.contentType.startsWith('image/') && (
            <div>
              {/* eslint-disable-next-line @next/next/no-img-element -- served by the authorised attachment route, never optimised or cached */}
              <img src={a.href} alt={a.fileName} style={{ maxWidth: 480, maxHeight: 360, marginTop: 6, border: '1px solid var(--border)', borderRadius: 4 }} />
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Staff's review material: the report beside the verdict's evidence (findings, callbacks with answers, calls and recordings). */
async function Evidence({ d, evidence, t, when }: { d: DisputeDetail; evidence: VerdictEvidence; t: Translator; when: (at: Date) => string }) {
  const tc = await getTranslations('common');
  return (
    <div className="card" data-testid="dispute-evidence">
      <h2 style={{ marginTop: 0 }}>{t('evidence.title')}</h2>
      <h3>{t('evidence.report')}</h3>
      <dl className="facts" data-testid="dispute-report">
        <dt>{t('evidence.type')}</dt>
        <dd>{tc(`visitType.${d.visit.type}`)}</dd>
        <dt>{t('fields.visitedAt')}</dt>
        <dd>{when(d.visit.visitedAt)}</dd>
        <dt>{t('evidence.reportedAt')}</dt>
        <dd>{when(d.visit.reportedAt)}</dd>
        <dt>{t('evidence.place')}</dt>
        <dd>{d.visit.place || '—'}</dd>
        <dt>{t('evidence.purpose')}</dt>
        <dd>{d.visit.purpose || '—'}</dd>
        <dt>{t('evidence.contacts')}</dt>
        <dd>{d.visit.contacts.map((c) => `${c.name} ${c.phone}`).join('、') || '—'}</dd>
      </dl>
      <VerdictEvidenceView evidence={evidence} testIdPrefix="dispute" bare />
    </div>
  );
}

/** A spot check's callbacks: the day's and any re-callback, as the reader may see them. */
function SpotCheckCalls({ d, t }: { d: SpotCheckDisputeDetail; t: Translator }) {
  return (
    <div className="card" data-testid="dispute-evidence">
      <h2 style={{ marginTop: 0 }}>{t('spotCheck.calls')}</h2>
      <p className="muted small">{t('spotCheck.callsIntro')}</p>
      <CallbacksEvidenceView callbacks={d.callbacks} testIdPrefix="dispute" />
    </div>
  );
}
