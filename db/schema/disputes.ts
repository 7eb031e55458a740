import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { units, users } from './org';
import { visitReports } from './visits';
import { visitVerdicts } from './assessment';
import { spotCheckItems } from './spot-checks';

/**
 * 申诉: a manager contests an invalid verdict, or one data-check finding, of their own visit.
 * open → under_review → upheld | overturned; open → withdrawn (by the manager). Every step is also
 * in the audit log (entity 'dispute'). An overturned dispute is read by every later evaluation of
 * the visit (lib/assessment/evaluate.ts): the verdict stays valid, or the finding stays waived.
 */
export const disputes = pgTable(
  'disputes',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The disputed visit (null for a spot-check finding). */
    visitId: uuid().references(() => visitReports.id),
    /** The disputed spot-check finding: one checked customer found not visited. */
    spotCheckItemId: uuid().references(() => spotCheckItems.id),
    managerId: uuid()
      .notNull()
      .references(() => users.id),
    /** The manager's unit when filed: a supervisor sees their unit's disputes. */
    unitId: uuid().references(() => units.id),
    /** 'YYYY-MM' of the visit (APP_TIMEZONE), the month whose verdicts and points it can change. */
    month: text().notNull(),
    /** What is contested: the verdict, one data-check finding (findingCode), or a spot-check finding (spotCheckItemId). */
    subject: text({ enum: ['verdict', 'finding', 'spot_check'] }).notNull(),
    findingCode: text(),
    /** The verdict version in force when filed (the one the manager saw); null for a spot check. */
    verdictId: bigint({ mode: 'number' }).references(() => visitVerdicts.id),
    reason: text().notNull(),
    state: text({ enum: ['open', 'under_review', 'upheld', 'overturned', 'withdrawn'] })
      .notNull()
      .default('open'),
    filedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The department's response deadline (working days after filing, by the calling calendar). */
    respondBy: timestamp({ withTimezone: true }).notNull(),
    reviewerId: uuid().references(() => users.id),
    reviewStartedAt: timestamp({ withTimezone: true }),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    decisionComment: text(),
    withdrawnAt: timestamp({ withTimezone: true }),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // One open dispute per visit, whatever the races.
    uniqueIndex('disputes_one_open_per_visit').on(t.visitId).where(sql`${t.state} in ('open', 'under_review')`),
    uniqueIndex('disputes_one_open_per_spot_check_item').on(t.spotCheckItemId).where(sql`${t.state} in ('open', 'under_review')`),
    check(
      'disputes_subject_target',
      sql`(${t.subject} = 'spot_check') = (${t.spotCheckItemId} is not null) and (${t.subject} = 'spot_check') = (${t.visitId} is null) and (${t.subject} = 'spot_check') = (${t.verdictId} is null)`,
    ),
    index().on(t.managerId, t.filedAt),
    index().on(t.state, t.respondBy),
    index().on(t.month),
    check('disputes_finding_has_code', sql`(${t.subject} = 'finding') = (${t.findingCode} is not null)`),
    check('disputes_decided_has_comment', sql`${t.state} not in ('upheld', 'overturned') or (${t.decidedBy} is not null and length(${t.decisionComment}) > 0)`),
  ],
);

/** Evidence a manager attached to a dispute; the bytes live in the storage (lib/platform/storage). */
export const disputeAttachments = pgTable(
  'dispute_attachments',
  {
    id: uuid().primaryKey().defaultRandom(),
    disputeId: uuid()
      .notNull()
      .references(() => disputes.id),
    /** The name the file had on the manager's machine (shown, never used as a path). */
    fileName: text().notNull(),
    /** Detected from the content (magic bytes), not from the name. */
    contentType: text().notNull(),
    sizeBytes: integer().notNull(),
    sha256: text().notNull(),
    storageKey: text().notNull().unique(),
    uploadedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.disputeId)],
);

/**
 * In-app notifications (a verdict published, a dispute decided …). `kind` and `params` are
 * rendered through the catalogue (`notifications.kind.<kind>`), so they follow the reader's locale.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id),
    kind: text().notNull(),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    /** Where the notification leads in the app (a path). */
    link: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index().on(t.userId, t.createdAt), index('notifications_unread').on(t.userId).where(sql`${t.readAt} is null`)],
);
