import { enqueue } from '@/lib/platform/jobs/queues';
import { logger } from '@/lib/platform/log';
import { requestVerdictForVisit } from '@/lib/visits/verdict-triggers';
import type { CallbackSubject } from './kinds';

/**
 * What a callback that ended (or got a scored result) leaves to do once its transaction has
 * committed: the work of its campaign kind that reads the result — the visit's verdict, or the
 * spot check's finding. `event` names the happening (one job per event, see the registry).
 */
export interface CallbackFollowUp {
  subject: CallbackSubject;
  event: string;
}

/**
 * Requests the follow-up after commit. A failure to enqueue is logged and never undoes the
 * callback's work: the month close re-evaluates every visit, and the spot checks' catch-up
 * re-evaluates every open manager-day.
 */
export async function requestCallbackFollowUp(followUp: CallbackFollowUp): Promise<void> {
  const { subject } = followUp;
  const event = followUp.event.replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 100);
  if (subject.kind === 'verification') return requestVerdictForVisit(subject.visitId, event);
  try {
    await enqueue('spotChecks.evaluate', { spotCheckItemId: subject.spotCheckItemId, event });
  } catch (err) {
    logger.warn({ err, spotCheckItemId: subject.spotCheckItemId, event }, 'spotChecks.evaluate not enqueued; the daily catch-up evaluates it');
  }
}
