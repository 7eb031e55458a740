import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { planStatusEnum } from './enums';
import { contacts, customers } from './customers';
import { units, users } from './org';

/** 拜访计划: a manager's plan for one month ('YYYY-MM' in APP_TIMEZONE). */
export const visitPlans = pgTable(
  'visit_plans',
  {
    id: uuid().primaryKey().defaultRandom(),
    managerId: uuid()
      .notNull()
      .references(() => users.id),
    unitId: uuid()
      .notNull()
      .references(() => units.id),
    month: text().notNull(),
    status: planStatusEnum().notNull().default('draft'),
    /** Incremented on every submission, so reviews refer to what was actually submitted. */
    revision: integer().notNull().default(0),
    submittedAt: timestamp({ withTimezone: true }),
    reviewedBy: uuid().references(() => users.id),
    reviewedAt: timestamp({ withTimezone: true }),
    reviewComment: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.managerId, t.month), index().on(t.unitId, t.status)],
);

/** One planned visit: the "five items" — time, place, purpose, target contact, contact's phone. */
export const visitPlanItems = pgTable(
  'visit_plan_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => visitPlans.id, { onDelete: 'cascade' }),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    contactId: uuid().references(() => contacts.id),
    plannedAt: timestamp({ withTimezone: true }).notNull(),
    place: text().notNull(),
    purpose: text().notNull(),
    contactName: text().notNull(),
    contactPhone: text().notNull(),
    position: integer().notNull().default(0),
  },
  (t) => [index().on(t.planId)],
);

/** Plan history: every submit, approve, reject and edit, with who and why. */
export const visitPlanEvents = pgTable(
  'visit_plan_events',
  {
    id: uuid().primaryKey().defaultRandom(),
    planId: uuid()
      .notNull()
      .references(() => visitPlans.id, { onDelete: 'cascade' }),
    actorId: uuid()
      .notNull()
      .references(() => users.id),
    action: text({ enum: ['created', 'edited', 'submitted', 'approved', 'rejected'] }).notNull(),
    revision: integer().notNull(),
    comment: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.planId)],
);
