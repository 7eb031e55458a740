import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import { NotFoundError } from '@/lib/core/errors';
import { getDispute } from '@/lib/disputes/queries';
import type { CallbackEvidence, CallView, DisputeDetail } from '@/lib/disputes/views';
import { findingName, findingText, verdictText, type RootTranslator } from '@/lib/verdicts/reason-text';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { VerdictBadge } from '../../assessment/_components/month-view';
import { DisputeStateBadge, OverdueBadge } from '../_components/state-badge';
import { errorCodeText, subjectText } from '../_components/subject-text';
import { ReviewActions } from './review-actions';
import { WithdrawButton } from './withdraw-button';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Translator = Awaited<ReturnType<typeof getTranslations<'disputes'>>>;

/**
 * One dispute (申诉). The manager reads the verdict disputed and the one in force now, their
 * reason and files, the state with its deadline, and the decision with the reviewer's comment
 * (withdrawing while undecided). Department staff review: the visit report, findings, every
 * callback with its answers, score and script version, each call's status history and recording,
 * the audit timeline — and act as the verb allows.
 */
export default async function DisputePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ filed?: string }> }) {
  const ctx = await pageCtx('manager', 'supervisor', 'staff', 'admin');
  const { id } = await params;
  const justFiled = (await searchParams).filed === '1';
  const d = await pageLoad(async () => {
    // A malformed id is, to the reader, simply a dispute that is not there.
    if (!UUID_RE.test(id)) throw new NotFoundError();
    return getDispute({ ctx, input: { disputeId: id } });
  });
  const [t, ta, tc, root, format] = await Promise.all([getTranslations('disputes'), getTranslations('assessment'), getTranslations('common'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  const when = (at: Date) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' });
  const undecided = d.state === 'open' || d.state === 'under_review';
  const canReview = d.can.startReview || d.can.orderRecallback || d.can.decide;

  return (
    <section>
      <p>
        <Link href="/disputes">‹ {t('detail.backToList')}</Link>
      </p>
      {justFiled && (
        <p className="alert ok" role="status" data-testid="dispute-filed">
          {t('detail.filed')}
        </p>
      )}
      <h1>
        {t('detail.title')} · {d.visit.customerName} <DisputeStateBadge state={d.state} /> {d.overdue && <OverdueBadge />}
      </h1>

      <dl className="facts card" data-testid="dispute-facts">
        <dt>{t('fields.manager')}</dt>
        <dd>
          {d.manager.name}
          {d.manager.unitName ? ` · ${d.manager.unitName}` : ''}
        </dd>
        <dt>{t('fields.visit')}</dt>
        <dd>
          <Link href={`/visits/${d.visit.id}`}>
            {when(d.visit.visitedAt)} · {tc(`visitType.${d.visit.type}`)} · {d.visit.customerName} ({tc('customerClass')} {d.visit.customerClass})
          </Link>
        </dd>
        <dt>{t('fields.subject')}</dt>
        <dd data-testid="dispute-subject">{subjectText(tr, d.subject, d.findingCode)}</dd>
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
            <p className="muted small">{t(`decisionMeaning.${d.decision.decision}`)}</p>
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

      {d.callbacks !== undefined && <Evidence d={d} t={t} tr={tr} when={when} />}

      {(canReview || d.reviewBlockedReason) && (
        <div className="card" data-testid="dispute-review">
          <h2 style={{ marginTop: 0 }}>{t('review.title')}</h2>
          {d.reviewBlockedReason && (
            <p className="alert warn" role="status" data-testid="dispute-review-blocked">
              {errorCodeText(tr, d.reviewBlockedReason, t('review.blocked'))}
            </p>
          )}
          {canReview && <ReviewActions disputeId={d.id} can={d.can} />}
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
                    <td>{actionText(tr, e.action)}</td>
                    <td>{e.actorName ?? t('timeline.system')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}

/** An audit action ('dispute.filed') by its name in the catalogue (dots cannot be keys there). */
function actionText(tr: RootTranslator, action: string): string {
  const key = `disputes.timeline.actions.${action.replace(/\./g, '_')}`;
  return tr.has(key) ? tr(key) : action;
}

function Attachments({ attachments, t }: { attachments: DisputeDetail['attachments']; t: Translator }) {
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

/** Staff's review material: the report, findings, callbacks with answers, calls and recordings. */
async function Evidence({ d, t, tr, when }: { d: DisputeDetail; t: Translator; tr: RootTranslator; when: (at: Date) => string }) {
  const tc = await getTranslations('common');
  const callbacks = d.callbacks ?? [];
  const anyCall = callbacks.some((c) => c.calls.length > 0);
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
        <dd>{d.visit.contacts.map((c) => `${c.name} ${c.phoneMasked}`).join('、') || '—'}</dd>
      </dl>

      <h3>{t('evidence.findings')}</h3>
      {d.findings.length === 0 ? (
        <p className="muted">{t('evidence.noFindings')}</p>
      ) : (
        <ul data-testid="dispute-findings">
          {d.findings.map((f) => (
            <li key={f.code} data-code={f.code}>
              <span className={`badge ${f.severity === 'invalidating' ? 'danger' : 'warn'}`}>{tr(`assessment.checks.severity.${f.severity}`)}</span> <strong>{findingName(tr, f.code)}</strong>: {findingText(tr, f)}
            </li>
          ))}
        </ul>
      )}

      <h3>{t('evidence.callbacks')}</h3>
      {callbacks.length === 0 && <p className="muted">{t('evidence.noCallbacks')}</p>}
      {!anyCall && (
        <p className="muted" data-testid="dispute-no-recording">
          {t('evidence.noRecording')}
        </p>
      )}
      {callbacks.map((cb) => (
        <Callback key={cb.taskId} cb={cb} t={t} tr={tr} when={when} />
      ))}
    </div>
  );
}

function Callback({ cb, t, tr, when }: { cb: CallbackEvidence; t: Translator; tr: RootTranslator; when: (at: Date) => string }) {
  const known = (key: string, fallback: string) => (tr.has(key) ? tr(key) : fallback);
  return (
    <div className="card" data-testid="dispute-callback" data-origin={cb.origin} style={{ marginBottom: 12 }}>
      <p className="row">
        <strong>{t(`evidence.origin.${cb.origin}`)}</strong>
        <span className="badge">{known(`callbacks.states.${cb.state}`, cb.state)}</span>
        {cb.outcome && <span className="badge info">{known(`assessment.outcome.${cb.outcome}`, cb.outcome)}</span>}
        {cb.agentName && <span className="muted small">{t('evidence.agent', { name: cb.agentName })}</span>}
      </p>
      {cb.result ? (
        <>
          <dl className="facts" data-testid="dispute-callback-result">
            <dt>{t('evidence.score')}</dt>
            <dd>
              {cb.result.score ?? '—'}
              {cb.result.knockedOut && <span className="badge danger"> {t('evidence.knockedOut', { question: cb.result.knockedOut })}</span>}
            </dd>
            <dt>{t('evidence.script')}</dt>
            <dd>{t('evidence.scriptVersion', { name: cb.result.scriptName, version: cb.result.scriptVersion })}</dd>
            <dt>{t('evidence.submittedAt')}</dt>
            <dd>{when(cb.result.submittedAt)}</dd>
          </dl>
          <table className="data" data-testid="dispute-answers" style={{ marginTop: 8 }}>
            <thead>
              <tr>
                <th>{t('evidence.question')}</th>
                <th>{t('evidence.answer')}</th>
                <th className="num">{t('evidence.points')}</th>
              </tr>
            </thead>
            <tbody>
              {cb.result.answers.map((a, i) => (
                <tr key={i}>
                  <td>{a.question}</td>
                  <td style={{ whiteSpace: 'pre-wrap' }}>{a.answer}</td>
                  <td className="num">{a.points ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="muted">{t('evidence.noResult')}</p>
      )}
      {cb.attempts.length > 0 && (
        <>
          <h3>{t('evidence.attempts')}</h3>
          <table className="data" data-testid="dispute-attempts">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>{t('evidence.outcome')}</th>
                <th>{t('evidence.agentColumn')}</th>
                <th>{t('evidence.endedAt')}</th>
                <th>{t('evidence.notes')}</th>
              </tr>
            </thead>
            <tbody>
              {cb.attempts.map((a) => (
                <tr key={a.attemptNo}>
                  <td className="num">{a.attemptNo}</td>
                  <td>{known(`assessment.outcome.${a.outcome}`, a.outcome)}</td>
                  <td>{a.agentName}</td>
                  <td>{when(a.endedAt)}</td>
                  <td style={{ whiteSpace: 'pre-wrap' }}>{a.notes || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {cb.calls.map((call) => (
        <Call key={call.id} call={call} t={t} tr={tr} when={when} />
      ))}
    </div>
  );
}

function Call({ call, t, tr, when }: { call: CallView; t: Translator; tr: RootTranslator; when: (at: Date) => string }) {
  const status = (s: string) => (tr.has(`disputes.callStatus.${s}`) ? tr(`disputes.callStatus.${s}`) : s);
  return (
    <div data-testid="dispute-call" style={{ borderTop: '1px solid var(--border)', marginTop: 12, paddingTop: 8 }}>
      <h3 style={{ marginTop: 0 }}>{t('evidence.call', { time: when(call.createdAt) })}</h3>
      <dl className="facts">
        <dt>{t('evidence.callStatus')}</dt>
        <dd>
          {status(call.status)}
          {call.customerLegStatus && <span className="muted small"> · {t('evidence.customerLeg', { status: status(call.customerLegStatus) })}</span>}
        </dd>
        <dt>{t('evidence.answeredAt')}</dt>
        <dd>{call.answeredAt ? when(call.answeredAt) : '—'}</dd>
        <dt>{t('evidence.endedAt')}</dt>
        <dd>{call.endedAt ? when(call.endedAt) : '—'}</dd>
        <dt>{t('evidence.duration')}</dt>
        <dd>{call.durationSeconds !== null ? t('evidence.seconds', { seconds: call.durationSeconds }) : '—'}</dd>
        <dt>{t('evidence.recording')}</dt>
        <dd>
          {call.recordingHref ? (
            // Played through the authorised route; never a public URL.
            <audio controls preload="none" src={call.recordingHref} aria-label={t('evidence.recording')} data-testid="dispute-recording" />
          ) : (
            <span className="muted" data-testid="dispute-no-recording">
              {t('evidence.noRecording')}
            </span>
          )}
        </dd>
      </dl>
      {call.events.length > 0 && (
        <details open={call.events.length <= 12}>
          <summary>{t('evidence.events', { count: call.events.length })}</summary>
          <table className="data" data-testid="dispute-call-events">
            <thead>
              <tr>
                <th>{t('evidence.eventAt')}</th>
                <th>{t('evidence.leg')}</th>
                <th>{t('evidence.callStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {call.events.map((e, i) => (
                <tr key={i}>
                  <td>{when(e.at)}</td>
                  <td>{tr.has(`disputes.legs.${e.leg}`) ? tr(`disputes.legs.${e.leg}`) : e.leg}</td>
                  <td>{status(e.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
