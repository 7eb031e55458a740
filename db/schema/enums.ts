import { pgEnum } from 'drizzle-orm/pg-core';

export const roleEnum = pgEnum('role', ['admin', 'staff', 'supervisor', 'manager', 'agent']);
export const customerClassEnum = pgEnum('customer_class', ['A', 'B', 'C', 'D']);
export const customerStatusEnum = pgEnum('customer_status', ['active', 'inactive']);
export const contactRoleEnum = pgEnum('contact_role', ['key_person', 'liaison']);
export const planStatusEnum = pgEnum('plan_status', ['draft', 'submitted', 'approved', 'rejected']);
export const visitTypeEnum = pgEnum('visit_type', ['on_site', 'phone']);
export const checkInMethodEnum = pgEnum('check_in_method', ['gps', 'qr', 'none']);
export const recordSourceEnum = pgEnum('record_source', ['form', 'import']);
export const importKindEnum = pgEnum('import_kind', ['customers', 'visits']);
export const importStatusEnum = pgEnum('import_status', [
  'uploaded',
  'validating',
  'validated',
  'committing',
  'committed',
  'failed',
  // Staff set a validated import aside: its file is removed and it can no longer be committed.
  'discarded',
]);

/**
 * A callback task's life: waiting (for its due time: first call, retry spacing or appointment) →
 * ready (due; offered to agents by priority inside calling hours) → held (by one agent, under a
 * lease) → back to waiting/ready, or closed (a final outcome) / unreachable (attempts used up) /
 * cancelled (staff).
 */
export const callbackStateEnum = pgEnum('callback_state', ['waiting', 'ready', 'held', 'closed', 'unreachable', 'cancelled']);

/** Call-attempt outcomes, after the AAPOR final dispositions (DOMAIN: outcome codes). */
export const callOutcomeEnum = pgEnum('call_outcome', [
  'completed',
  'partial',
  'refused',
  'no_answer',
  'busy',
  'answering_machine',
  'wrong_person',
  'number_invalid',
  'appointment',
  'technical_failure',
]);

export const scriptVersionStatusEnum = pgEnum('script_version_status', ['draft', 'published', 'retired']);
