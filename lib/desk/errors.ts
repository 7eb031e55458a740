import { ConflictError } from '@/lib/platform/core/errors';

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
