import { getFormatter, getTranslations } from 'next-intl/server';
import type { DeskSubmission } from '@/lib/desk/open';

/**
 * What the agent's last submit stored, read back from the database (so a refresh shows it too):
 * the server's score and result ("得分 85 / 100 · 有效"), or where the callback went next.
 */
export async function SubmissionResult({ submission }: { submission: DeskSubmission }) {
  const [t, tc, format] = await Promise.all([getTranslations('desk.result'), getTranslations('callbacks'), getFormatter()]);
  const when = (d: Date) => format.dateTime(d, { dateStyle: 'full', timeStyle: 'short' });
  const { result } = submission;
  const outcomeText = tc(`outcomes.${submission.outcome}`);
  const next =
    submission.state === 'waiting' || submission.state === 'ready'
      ? submission.nextAttemptAt
        ? submission.outcome === 'appointment'
          ? tc('outcome.savedAppointment', { time: when(submission.nextAttemptAt) })
          : tc('outcome.savedRetry', { time: when(submission.nextAttemptAt) })
        : null
      : submission.state === 'unreachable'
        ? tc('outcome.savedUnreachable')
        : tc('outcome.savedClosed');
  return (
    <div className="card" data-testid="desk-result" data-outcome={submission.outcome} style={{ marginBottom: 12 }}>
      <h2 style={{ marginTop: 0 }}>{t('title', { customer: submission.customerName })}</h2>
      {result && (
        <p
          className={`alert ${result.result === 'valid' ? 'ok' : 'error'}`}
          data-testid="desk-score"
          data-result={result.result}
          data-score={result.score}
          style={{ fontSize: 20, fontWeight: 600 }}
        >
          {t('score', { score: result.score, max: result.maxScore, result: t(result.result) })}
        </p>
      )}
      {result && submission.kind === 'spot_check' && submission.outcome === 'completed' && (
        <p className="small" data-testid="desk-spot-check-finding">
          {t(result.result === 'valid' ? 'spotCheckVisited' : 'spotCheckNotVisited')}
        </p>
      )}
      {result?.knockedOut && <p className="small">{t('knockedOut', { question: result.knockedOutNo ?? result.knockedOut })}</p>}
      {result && submission.outcome === 'partial' && <p className="muted small">{t('partial')}</p>}
      <p data-testid="desk-submitted-outcome">
        {submission.automatic ? t('automatic', { outcome: outcomeText }) : t('outcome', { attempt: submission.attemptNo, outcome: outcomeText })}
      </p>
      {submission.manual && (
        <p className="muted small" data-testid="desk-submitted-manual">
          {t('manual')}
        </p>
      )}
      {next && (
        <p className="alert ok" role="status" data-testid="desk-flash" style={{ margin: 0 }}>
          {next}
        </p>
      )}
    </div>
  );
}
