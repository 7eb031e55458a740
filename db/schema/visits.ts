import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { checkInMethodEnum, recordSourceEnum, visitTypeEnum } from './enums';
import { contacts, customers } from './customers';
import { imports } from './imports';
import { users } from './org';

/** 拜访记录 (附件3《集团客户拜访记录》): what a manager reports after a visit. */
export const visitReports = pgTable(
  'visit_reports',
  {
    id: uuid().primaryKey().defaultRandom(),
    managerId: uuid()
      .notNull()
      .references(() => users.id),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    type: visitTypeEnum().notNull(),
    visitedAt: timestamp({ withTimezone: true }).notNull(),
    reportedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    checkInMethod: checkInMethodEnum().notNull().default('none'),
    checkInLatitude: doublePrecision(),
    checkInLongitude: doublePrecision(),
    purpose: text().notNull(),
    summary: text().notNull().default(''),
    source: recordSourceEnum().notNull().default('form'),
    /** Filed later than the reporting deadline of the policy in force at the visit. */
    late: boolean().notNull().default(false),
    /**
     * 超期补报: a report for a month already closed or older than the sampling look-back, accepted
     * (by the reporting policy) to wait for staff. It counts for nothing — coverage, points,
     * sampling — until approved. Null for every ordinary report.
     */
    backfill: text({ enum: ['pending', 'approved', 'rejected'] }),
    backfillDecidedBy: uuid().references(() => users.id),
    backfillDecidedAt: timestamp({ withTimezone: true }),
    backfillComment: text(),
    importId: uuid().references(() => imports.id),
    /** Identifies an imported row, so re-importing the same file adds nothing twice. */
    externalRef: text(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.managerId, t.visitedAt),
    // A manager's visits of a period read from the index alone: a unit's month (its coverage, its
    // counts) otherwise reads some 60 % of the table's pages for its 20,000 visits.
    index('visit_reports_manager_visits').on(t.managerId, t.visitedAt, t.customerId, t.type, t.late, t.backfill, t.id),
    index().on(t.customerId, t.visitedAt),
    index().on(t.visitedAt),
    index('visit_reports_external_ref').on(t.externalRef),
    check('visit_reports_reported_after_visit', sql`${t.reportedAt} >= ${t.visitedAt}`),
  ],
);

export const visitReportContacts = pgTable(
  'visit_report_contacts',
  {
    visitId: uuid()
      .notNull()
      .references(() => visitReports.id, { onDelete: 'cascade' }),
    contactId: uuid()
      .notNull()
      .references(() => contacts.id),
  },
  (t) => [primaryKey({ columns: [t.visitId, t.contactId] }), index().on(t.contactId)],
);
