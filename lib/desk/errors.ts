import { ConflictError, ForbiddenError } from '@/lib/core/errors';

/**
 * A draft or submit for a callback the agent does not hold (never held it, the lease lapsed, staff
 * pulled it back, or it was finished): 403, and nothing is written.
 */
export class NotDeskHolderError extends ForbiddenError {
  constructor() {
    super('desk.notHolder');
  }
}

/** No published script is assigned to the customer's class nor as the default. */
export class NoScriptError extends ConflictError {
  constructor(customerClass: string) {
    super('desk.noScript', { class: customerClass });
  }
}

/**
 * This attempt was already recorded otherwise — typically by the call itself (nobody answered)
 * while the page still showed the script. Not a repeat of the same submit, so not replayed.
 */
export class AttemptAlreadyRecordedError extends ConflictError {
  constructor(attemptNo: number) {
    super('desk.alreadyRecorded', { attempt: attemptNo });
  }
}
