'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useWatch } from 'react-hook-form';
import { useRefreshingAction } from '@/app/_components/action-button';
import { FeedbackAlert, FieldError, FormActions } from '@/app/_components/form-support';
import { useActionForm } from '@/app/_components/use-action-form';
import { decideDisputeInput, MAX_COMMENT_LENGTH } from '@/lib/disputes/schemas';
import type { DisputeDetail, PendingRecallback } from '@/lib/disputes/views';
import { decideDisputeAction, orderRecallbackAction, startReviewAction } from '../actions';

/**
 * The reviewer's actions, as the dispute allows them now: take it into review, order a
 * re-callback by another agent, and decide — upheld or overturned, always with a comment. While a
 * re-callback is not done, the decision form says so and what deciding does to it.
 */
export function ReviewActions({
  disputeId,
  can,
  pendingRecallback,
  spotCheck = false,
}: {
  disputeId: string;
  can: DisputeDetail['can'];
  pendingRecallback: PendingRecallback | null;
  /** A spot-check finding's dispute: the decision is about the customer being visited, not a verdict. */
  spotCheck?: boolean;
}) {
  const t = useTranslations('disputes');
  const { pending, feedback, run: runAction } = useRefreshingAction();

  const run = (action: typeof startReviewAction, done: string, confirm?: string) => {
    if (confirm && !window.confirm(confirm)) return;
    runAction(() => action({ disputeId }), { done });
  };

  return (
    <div className="form">
      {(can.startReview || can.orderRecallback) && (
        <div className="row">
          {can.startReview && (
            <button type="button" onClick={() => run(startReviewAction, t('review.started'))} disabled={pending} data-testid="dispute-start-review">
              {t('review.start')}
            </button>
          )}
          {can.orderRecallback && (
            <button
              type="button"
              onClick={() => run(orderRecallbackAction, t('review.recallbackOrdered'), t('review.recallbackConfirm'))}
              disabled={pending}
              data-testid="dispute-order-recallback"
            >
              {t('review.orderRecallback')}
            </button>
          )}
          {can.orderRecallback && <span className="muted small">{t('review.recallbackHint')}</span>}
        </div>
      )}
      <FeedbackAlert feedback={feedback} />
      {can.decide && <DecideForm disputeId={disputeId} pendingRecallback={pendingRecallback} spotCheck={spotCheck} />}
    </div>
  );
}

const DECIDE_FIELDS = ['decision', 'comment'] as const;

/** The re-callback still open: its state and attempts, and that deciding cancels it. */
function PendingRecallbackNotice({ task }: { task: PendingRecallback }) {
  const t = useTranslations('disputes.decide');
  const format = useFormatter();
  const when = (at: Date) => format.dateTime(at, { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <div className="alert warn" role="status" data-testid="dispute-recallback-pending" data-state={task.state}>
      <div>
        {t('recallbackPending', { state: t(`recallbackStates.${task.state}`), attempts: task.attempts })}{' '}
        {task.state === 'held' && task.holderName && t('recallbackHeldBy', { name: task.holderName })}
        {task.state !== 'held' && (task.appointmentAt ? t('recallbackAppointment', { time: when(task.appointmentAt) }) : t('recallbackNext', { time: when(task.nextAttemptAt) }))}
      </div>
      <strong>{t('recallbackCancelNotice')}</strong>
    </div>
  );
}

function DecideForm({ disputeId, pendingRecallback, spotCheck }: { disputeId: string; pendingRecallback: PendingRecallback | null; spotCheck: boolean }) {
  const t = useTranslations('disputes');
  const { form, register, errors, submitting, submit, feedback } = useActionForm(decideDisputeInput, decideDisputeAction, {
    defaultValues: { disputeId, decision: undefined, comment: '' },
    fields: DECIDE_FIELDS,
    refresh: true,
    onSuccess: () => t('decide.done'),
  });
  const comment = useWatch({ control: form.control, name: 'comment' }) ?? '';

  return (
    <form className="form" onSubmit={submit} noValidate data-testid="dispute-decide-form">
      <h3 style={{ margin: 0 }}>{t('decide.title')}</h3>
      {pendingRecallback && <PendingRecallbackNotice task={pendingRecallback} />}
      <fieldset className="field" style={{ border: 'none', padding: 0, margin: 0 }} aria-invalid={!!errors.decision}>
        <legend style={{ fontWeight: 500, marginBottom: 4 }}>{t('decide.decision')}</legend>
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="radio" value="overturned" {...register('decision')} data-testid="dispute-decision-overturned" />
          {spotCheck ? t('decide.spotCheckOverturned') : t('decide.overturned')}
        </label>
        <label className="row" style={{ fontWeight: 400 }}>
          <input type="radio" value="upheld" {...register('decision')} data-testid="dispute-decision-upheld" />
          {spotCheck ? t('decide.spotCheckUpheld') : t('decide.upheld')}
        </label>
        <FieldError error={errors.decision} />
      </fieldset>
      <label>
        {t('decide.comment')}
        <textarea
          {...register('comment')}
          maxLength={MAX_COMMENT_LENGTH}
          placeholder={t('decide.commentHint')}
          aria-invalid={!!errors.comment}
          aria-describedby="dispute-comment-error"
          data-testid="dispute-decide-comment"
        />
        <span className="muted small">{t('decide.commentCount', { count: comment.trim().length, max: MAX_COMMENT_LENGTH })}</span>
        <FieldError error={errors.comment} id="dispute-comment-error" />
      </label>
      <FormActions feedback={feedback} submitting={submitting} label={t('decide.submit')} busyLabel={t('decide.pending')} testId="dispute-decide-submit" />
    </form>
  );
}
