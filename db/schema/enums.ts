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
]);
