import Link from 'next/link';
import { getFormatter, getTranslations } from 'next-intl/server';
import type { CallbackEvidence, CallView } from '@/lib/verdicts/callback-evidence';
import { samplingReasonText } from '@/lib/sampling/reason-text';
import type { VerdictEvidence } from '@/lib/verdicts/evidence';
import { findingName, findingText, type RootTranslator } from '@/lib/visits/verdict-text';

/**
 * 判定依据: what a verdict rests on — callbacks with their attempts (manual ones marked), calls
 * (placed, answered, ended, duration, recorded or not) and scored result (script version, score,
 * the answers as read), the data-check findings (waived ones with the decision) and the disputes.
 * The same on the visit page and the dispute page. Laid out as wrapping lists and definition
 * grids, tables in their own scroll box, so nothing overflows a phone's width.
 *
 * `testIdPrefix` keeps the dispute page's test ids ("dispute-…"); `parts` leaves out what the
 * hosting page already shows (the visit page shows the sampling decision and current findings);
 * `bare` renders it inside another card, without a card and title of its own.
 */
type Translator = Awaited<ReturnType<typeof getTranslations<'evidence'>>>;
type When = (at: Date) => string;

const WRAP = { overflowWrap: 'anywhere' as const, minWidth: 0 };
const SCROLL = { overflowX: 'auto' as const, maxWidth: '100%' };

export async function VerdictEvidenceView({
  evidence,
  testIdPrefix = 'evidence',
  parts = {},
  bare = false,
}: {
  evidence: VerdictEvidence;
  testIdPrefix?: string;
  parts?: { sampling?: boolean; currentFindings?: boolean; disputes?: boolean };
  bare?: boolean;
}) {
  const [t, root, format] = await Promise.all([getTranslations('evidence'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  const when: When = (at) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' });
  const id = (name: string) => `${testIdPrefix}-${name}`;
  const show = { sampling: true, currentFindings: true, disputes: true, ...parts };
  const findings = show.currentFindings ? evidence.findings : evidence.findings.filter((f) => f.waived);
  const anyCall = evidence.callbacks.some((c) => c.calls.length > 0);
  const hidden = !evidence.full && evidence.verdict.current === null;

  return (
    <div className={bare ? undefined : 'card'} data-testid="verdict-evidence" style={WRAP}>
      {!bare && (
        <>
          <h2 style={{ marginTop: 0 }}>{t('title')}</h2>
          <p className="muted small">{t('intro')}</p>
        </>
      )}
      {hidden ? (
        <p className="muted" data-testid="verdict-evidence-hidden">
          {t('notYet')}
        </p>
      ) : (
        <>
          {show.sampling && (
            <>
              <h3>{t('sampling.title')}</h3>
              <p data-testid={id('sampling')}>
                {evidence.sampling ? (
                  <>
                    <span className={`badge ${evidence.sampling.sampled ? 'ok' : ''}`}>{evidence.sampling.sampled ? t('sampling.sampled') : t('sampling.notSampled')}</span>{' '}
                    {samplingReasonText(tr, evidence.sampling.reasonCode, evidence.sampling.reasonParams)}
                  </>
                ) : (
                  <span className="muted">{t('sampling.none')}</span>
                )}
              </p>
            </>
          )}

          <h3>{t('callbacks.title')}</h3>
          {evidence.callbacks.length === 0 && <p className="muted">{t('callbacks.none')}</p>}
          {evidence.callbacks.length > 0 && !anyCall && (
            <p className="muted" data-testid={id('no-recording')}>
              {t('callbacks.noCall')}
            </p>
          )}
          {evidence.callbacks.map((cb) => (
            <Callback key={cb.taskId} cb={cb} t={t} tr={tr} when={when} id={id} />
          ))}

          {(show.currentFindings || findings.length > 0) && (
            <>
              <h3>{t('findings.title')}</h3>
              {findings.length === 0 ? (
                <p className="muted">{t('findings.none')}</p>
              ) : (
                <ul data-testid={id('findings')} style={{ paddingLeft: 20 }}>
                  {findings.map((f) => (
                    <li key={f.code} data-code={f.code} data-waived={f.waived ? 'true' : 'false'}>
                      {f.waived ? (
                        <span className="badge ok">{t('findings.waived')}</span>
                      ) : (
                        <span className={`badge ${f.severity === 'invalidating' ? 'danger' : 'warn'}`}>{tr(`assessment.checks.severity.${f.severity}`)}</span>
                      )}{' '}
                      <strong>{findingName(tr, f.code)}</strong>: <span style={f.waived ? { textDecoration: 'line-through' } : undefined}>{findingText(tr, f)}</span>
                      {f.waived && (
                        <div className="muted small" data-testid={id('finding-waived')}>
                          {t('findings.waivedBy', { name: f.waived.decidedBy, time: when(f.waived.decidedAt), comment: f.waived.comment })}{' '}
                          <Link href={`/disputes/${f.waived.disputeId}`} data-testid={id('finding-waived-link')}>
                            {t('disputes.link')}
                          </Link>
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </>
          )}

          {show.disputes && evidence.disputes.length > 0 && (
            <>
              <h3>{t('disputes.title')}</h3>
              <ul data-testid={id('disputes')} style={{ paddingLeft: 20 }}>
                {evidence.disputes.map((d) => (
                  <li key={d.id} data-state={d.state}>
                    {d.subject === 'verdict' ? t('disputes.subjectVerdict') : t('disputes.subjectFinding', { finding: findingName(tr, d.findingCode ?? '') })}{' '}
                    <span className={`badge ${d.state === 'overturned' ? 'ok' : d.state === 'upheld' ? 'danger' : ''}`}>{t(`disputes.state.${d.state}`)}</span>{' '}
                    <span className="muted small">{t('disputes.filedAt', { time: when(d.filedAt) })}</span>{' '}
                    <Link href={`/disputes/${d.id}`} className="small">
                      {t('disputes.link')}
                    </Link>
                    {d.decision && (
                      <div className="small" data-testid={id('dispute-decision')}>
                        {t('disputes.decidedBy', { name: d.decision.decidedBy, time: when(d.decision.decidedAt) })} · {t('disputes.comment', { comment: d.decision.comment })}
                      </div>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </div>
  );
}

/**
 * Callbacks alone, read as on a verdict's evidence: for what is not a visit's verdict — the
 * callbacks of a spot check (电话抽查) on its dispute's page and the manager's filing page.
 */
export async function CallbacksEvidenceView({ callbacks, testIdPrefix = 'evidence', empty }: { callbacks: CallbackEvidence[]; testIdPrefix?: string; empty?: string }) {
  const [t, root, format] = await Promise.all([getTranslations('evidence'), getTranslations(), getFormatter()]);
  const tr = root as unknown as RootTranslator;
  const when: When = (at) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' });
  const id = (name: string) => `${testIdPrefix}-${name}`;
  return (
    <div data-testid={id('callbacks')} style={WRAP}>
      {callbacks.length === 0 && <p className="muted">{empty ?? t('callbacks.none')}</p>}
      {callbacks.length > 0 && !callbacks.some((c) => c.calls.length > 0) && (
        <p className="muted" data-testid={id('no-recording')}>
          {t('callbacks.noCall')}
        </p>
      )}
      {callbacks.map((cb) => (
        <Callback key={cb.taskId} cb={cb} t={t} tr={tr} when={when} id={id} />
      ))}
    </div>
  );
}

function Callback({ cb, t, tr, when, id }: { cb: CallbackEvidence; t: Translator; tr: RootTranslator; when: When; id: (name: string) => string }) {
  const known = (key: string, fallback: string) => (tr.has(key) ? tr(key) : fallback);
  const agent = (name: string | null) => name ?? t('callbacks.someAgent');
  return (
    <div data-testid={id('callback')} data-origin={cb.origin} style={{ borderTop: '1px solid var(--border)', paddingTop: 8, marginBottom: 12 }}>
      <p className="row" style={{ gap: 8 }}>
        <strong>{t(`callbacks.origin.${cb.origin}`)}</strong>
        <span className="badge">{known(`callbacks.states.${cb.state}`, cb.state)}</span>
        {cb.outcome && <span className="badge info">{known(`assessment.outcome.${cb.outcome}`, cb.outcome)}</span>}
        <span className="muted small">{t('callbacks.agent', { name: agent(cb.agentName) })}</span>
      </p>
      {cb.cancelReason && <p className="muted small">{t('callbacks.cancelled', { reason: cb.cancelReason })}</p>}

      {cb.result ? (
        <div data-testid={id('callback-result')}>
          <dl className="facts">
            <dt>{t('result.score')}</dt>
            <dd>
              <span data-testid={id('score')}>{cb.result.score === null ? '—' : cb.result.maxScore ? t('result.scoreOf', { score: cb.result.score, max: cb.result.maxScore }) : cb.result.score}</span>
              {cb.result.knockedOut && <span className="badge danger"> {t('result.knockedOut', { question: cb.result.knockedOut })}</span>}
            </dd>
            <dt>{t('result.script')}</dt>
            <dd data-testid={id('script-version')}>{t('result.scriptVersion', { name: cb.result.scriptName, version: cb.result.scriptVersion })}</dd>
            <dt>{t('result.submittedAt')}</dt>
            <dd>
              {when(cb.result.submittedAt)}
              {cb.result.attemptNo !== null && <span className="muted small"> · {t('result.attempt', { attempt: cb.result.attemptNo })}</span>}
              {cb.result.manual && (
                <>
                  {' '}
                  <span className="badge warn" data-testid={id('result-manual')}>
                    {t('attempts.manual')}
                  </span>
                </>
              )}
            </dd>
          </dl>
          {cb.result.answers.length > 0 && (
            <div style={{ ...SCROLL, marginTop: 8 }}>
              <table className="data" data-testid={id('answers')}>
                <thead>
                  <tr>
                    <th>{t('result.question')}</th>
                    <th>{t('result.answer')}</th>
                    <th className="num">{t('result.points')}</th>
                  </tr>
                </thead>
                <tbody>
                  {cb.result.answers.map((a, i) => (
                    <tr key={i}>
                      <td style={WRAP}>{a.question}</td>
                      <td style={{ ...WRAP, whiteSpace: 'pre-wrap' }}>{a.answer}</td>
                      <td className="num">{a.points ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </div>
      ) : (
        <p className="muted">{t('result.none')}</p>
      )}

      {cb.attempts.length > 0 && (
        <>
          <h3>{t('attempts.title')}</h3>
          <ol data-testid={id('attempts')} style={{ paddingLeft: 20, margin: 0 }}>
            {cb.attempts.map((a) => (
              <li key={a.attemptNo} data-manual={a.manual ? 'true' : 'false'} style={{ marginBottom: 4 }}>
                <span className="row" style={{ gap: 6, display: 'inline-flex' }}>
                  <span>{t('attempts.attempt', { attempt: a.attemptNo })}</span>
                  <span className="badge info">{known(`assessment.outcome.${a.outcome}`, a.outcome)}</span>
                  <span className="muted small">
                    {agent(a.agentName)} · {when(a.endedAt)}
                  </span>
                  {a.manual && (
                    <span className="badge warn" data-testid={id('attempt-manual')}>
                      {t('attempts.manual')}
                    </span>
                  )}
                  {a.withoutCall && (
                    <span className="badge danger" data-testid={id('attempt-without-call')}>
                      {t('attempts.noCallLinked')}
                    </span>
                  )}
                </span>
                {a.notes && (
                  <div className="small" style={{ whiteSpace: 'pre-wrap' }}>
                    {t('attempts.notes', { notes: a.notes })}
                  </div>
                )}
              </li>
            ))}
          </ol>
        </>
      )}

      {cb.calls.map((call) => (
        <Call key={call.id} call={call} t={t} tr={tr} when={when} id={id} />
      ))}
    </div>
  );
}

function Call({ call, t, tr, when, id }: { call: CallView; t: Translator; tr: RootTranslator; when: When; id: (name: string) => string }) {
  // Answering-machine detection is stored as 'answered-by:<what>'; the rest are Twilio's statuses.
  const status = (s: string) => {
    if (s.startsWith('answered-by:')) {
      const what = s.slice('answered-by:'.length);
      const key = what === 'human' || what === 'fax' ? what : what.startsWith('machine') ? 'machine' : 'unknown';
      return tr(`disputes.answeredBy.${key}`);
    }
    return tr.has(`disputes.callStatus.${s}`) ? tr(`disputes.callStatus.${s}`) : s;
  };
  return (
    <div data-testid={id('call')} data-answered={call.answeredAt ? 'true' : 'false'} style={{ marginTop: 12 }}>
      <h3 style={{ margin: '0 0 6px' }}>{call.attemptNo !== null ? t('calls.call', { attempt: call.attemptNo }) : t('calls.callNoAttempt')}</h3>
      <dl className="facts">
        <dt>{t('calls.placedAt')}</dt>
        <dd>{when(call.createdAt)}</dd>
        <dt>{t('calls.status')}</dt>
        <dd>
          {status(call.status)}
          {call.customerLegStatus && <span className="muted small"> · {t('calls.customerLeg', { status: status(call.customerLegStatus) })}</span>}
        </dd>
        <dt>{t('calls.answeredAt')}</dt>
        <dd data-testid={id('call-answered')}>{call.answeredAt ? when(call.answeredAt) : t('calls.notAnswered')}</dd>
        <dt>{t('calls.endedAt')}</dt>
        <dd>{call.endedAt ? when(call.endedAt) : '—'}</dd>
        <dt>{t('calls.duration')}</dt>
        <dd data-testid={id('call-duration')}>{call.durationSeconds !== null ? t('calls.seconds', { seconds: call.durationSeconds }) : '—'}</dd>
        <dt>{t('calls.recording')}</dt>
        <dd>
          {call.recordingHref ? (
            // Played through the authorised route; never a public URL.
            <audio controls preload="none" src={call.recordingHref} aria-label={t('calls.recording')} data-testid={id('recording')} style={{ maxWidth: '100%' }} />
          ) : (
            <span className="muted" data-testid={call.recorded ? undefined : id('no-recording')}>
              {call.recorded ? t('calls.recorded') : t('calls.notRecorded')}
            </span>
          )}
        </dd>
      </dl>
      {call.events.length > 0 && (
        <details open={call.events.length <= 12}>
          <summary>{t('calls.events', { count: call.events.length })}</summary>
          <div style={SCROLL}>
            <table className="data" data-testid={id('call-events')}>
              <thead>
                <tr>
                  <th>{t('calls.eventAt')}</th>
                  <th>{t('calls.leg')}</th>
                  <th>{t('calls.status')}</th>
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
          </div>
        </details>
      )}
    </div>
  );
}
