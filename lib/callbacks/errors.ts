import type { CallingCalendar } from '@/lib/calling/calendar';
import { ConflictError } from '@/lib/platform/core/errors';
import { windowsText } from './hours-text';

/**
 * Why "take next" or a held-task action was refused. Typed so a boundary can show what the
 * agent needs (the pause reason, the next opening) rather than a bare message.
 */
export class QueuePausedError extends ConflictError {
  constructor(readonly reason: string) {
    super('callbacks.queuePaused', { reason: reason || '—' });
  }
}

/** Names the calling hours themselves: agents cannot open 外呼规则 to look them up. */
export class OutsideCallingHoursError extends ConflictError {
  /** The next instant inside calling hours; null when the calendar has none ahead. */
  constructor(
    readonly nextOpening: Date | null,
    openingText: string,
    calendar: Pick<CallingCalendar, 'windows'>,
  ) {
    super(nextOpening ? 'callbacks.outsideHours' : 'callbacks.noOpening', { opening: openingText, hours: windowsText(calendar.windows) });
  }
}

/**
 * The agent does not hold the callback (any more): the lease lapsed, staff pulled it back, it was
 * finished — or they never took it. The one refusal for every held-task action (lease, put back,
 * outcome, desk draft and submit, placing a call): a 409, since the callback exists and the page
 * only needs reloading; nothing is written.
 */
export class NotHolderError extends ConflictError {
  constructor() {
    super('callbacks.notHolder');
  }
}

/**
 * The outcome does not rest on what the telephony recorded of the attempt's calls (or a manual
 * call the calling rules do not allow): lib/calling/evidence.ts. Nothing is written.
 */
export class OutcomeEvidenceError extends ConflictError {
  constructor(code: string, outcome: string) {
    super(code, { outcome });
  }
}

/** "Put back" once the attempt has rung the contact: it must end with an outcome instead. */
export class ReleaseAfterContactError extends ConflictError {
  constructor() {
    super('callbacks.releaseAfterContact');
  }
}
