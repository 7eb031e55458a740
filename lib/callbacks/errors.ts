import { ConflictError } from '@/lib/core/errors';

/**
 * Why "take next" or a held-task action was refused. Typed so a boundary can show what the
 * agent needs (the pause reason, the next opening) rather than a bare message.
 */
export class QueuePausedError extends ConflictError {
  constructor(readonly reason: string) {
    super('callbacks.queuePaused', { reason: reason || '—' });
  }
}

export class OutsideCallingHoursError extends ConflictError {
  /** The next instant inside calling hours; null when the calendar has none ahead. */
  constructor(
    readonly nextOpening: Date | null,
    openingText: string,
  ) {
    super(nextOpening ? 'callbacks.outsideHours' : 'callbacks.noOpening', { opening: openingText });
  }
}

/** The task is no longer this agent's: the lease lapsed, staff pulled it back, or it was finished. */
export class NotHolderError extends ConflictError {
  constructor() {
    super('callbacks.notHolder');
  }
}
