import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, check, date, doublePrecision, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { contacts, customers } from './customers';
import { units, users } from './org';
import { visitPlanItems } from './plans';

/**
 * 电话抽查 (拜访到位率): one row per manager and working day that had approved plan items — the
 * decision whether the manager is checked that day, like a sampling decision: the draw is a
 * function of the policy version's seed, the day and the manager, and the reason says why. For a
 * checked manager-day it also carries the day's result once every checked customer has a finding.
 */
export const spotChecks = pgTable(
  'spot_checks',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** The working day checked (APP_TIMEZONE). */
    day: date({ mode: 'string' }).notNull(),
    /** 'YYYY-MM' of the day: the month close and reports read by it. */
    month: text().notNull(),
    managerId: uuid()
      .notNull()
      .references(() => users.id),
    /** The manager's unit on the day (a supervisor sees their unit's checks). */
    unitId: uuid().references(() => units.id),
    policyVersion: integer().notNull(),
    /** The manager's draw in [0, 1): checked when below the day's share (or always, by policy). */
    draw: doublePrecision().notNull(),
    selected: boolean().notNull(),
    /** Catalogue key under spotChecks.reason.* and its parameters: a readable "why". */
    reasonCode: text().notNull(),
    reasonParams: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    /**
     * The day's result once every checked customer has a finding: on_site 到位 (all visited, or
     * unreachable and so counted as visited), incomplete 拜访不全 (some not visited), none 未拜访
     * (none visited). Null while callbacks are still open, and for a manager not checked.
     */
    result: text({ enum: ['on_site', 'incomplete', 'none'] }),
    /** Checked customers found not visited (the findings the penalty counts). */
    findings: integer().notNull().default(0),
    /** The penalty the result costs by the policy version (the ledger holds what was charged). */
    penaltyYuan: integer().notNull().default(0),
    evaluatedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('spot_checks_manager_day').on(t.managerId, t.day),
    index().on(t.day, t.selected),
    index().on(t.month, t.unitId),
    check('spot_checks_result_only_when_selected', sql`${t.result} is null or ${t.selected}`),
  ],
);

/**
 * One customer drawn for a checked manager-day: a plan item of that day, the draw that picked it
 * and why, the callback that asks the customer (callback_tasks.spot_check_item_id) and its finding.
 */
export const spotCheckItems = pgTable(
  'spot_check_items',
  {
    id: uuid().primaryKey().defaultRandom(),
    spotCheckId: uuid()
      .notNull()
      .references(() => spotChecks.id),
    planItemId: uuid()
      .notNull()
      .references(() => visitPlanItems.id),
    customerId: uuid()
      .notNull()
      .references(() => customers.id),
    contactId: uuid().references(() => contacts.id),
    plannedAt: timestamp({ withTimezone: true }).notNull(),
    draw: doublePrecision().notNull(),
    reasonCode: text().notNull(),
    reasonParams: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    /**
     * What the callback found: visited (the customer confirmed it), not_visited (a finding),
     * unreachable (not in or phone off, confirmed by the attempts used up: counts as visited),
     * unverified (refused, wrong person …: never against the manager). Null while open.
     */
    finding: text({ enum: ['visited', 'not_visited', 'unreachable', 'unverified'] }),
    /** A finding overturned by a dispute keeps its history in the dispute; this is what stands. */
    findingAt: timestamp({ withTimezone: true }),
    /** A visit report of this customer filed later the same day, shown beside the finding. */
    matchedVisitId: uuid(),
  },
  (t) => [uniqueIndex().on(t.spotCheckId, t.planItemId), index().on(t.customerId)],
);

/**
 * 罚款 ledger in yuan for spot-check findings, apart from the maintenance points. Append-only (a
 * trigger refuses UPDATE and DELETE): what a manager owes is the sum; a changed result is
 * corrected by a reversal that points at the entry it reverses.
 */
export const penaltyLedger = pgTable(
  'penalty_ledger',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    managerId: uuid()
      .notNull()
      .references(() => users.id),
    unitId: uuid().references(() => units.id),
    month: text().notNull(),
    spotCheckId: uuid()
      .notNull()
      .references(() => spotChecks.id),
    kind: text({ enum: ['penalty', 'reversal'] }).notNull(),
    /** Positive for a penalty, negative for a reversal. */
    amountYuan: integer().notNull(),
    /** Catalogue key under spotChecks.cause.* (e.g. 'incomplete', 'none') and its parameters. */
    cause: text().notNull(),
    causeParams: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    /** The entry a reversal undoes. */
    reverses: bigint({ mode: 'number' }),
    /** What wrote it: 'evaluation' (a day's result) or 'dispute' (with the dispute id). */
    sourceType: text().notNull(),
    sourceId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.managerId, t.month), index().on(t.spotCheckId), index().on(t.month)],
);

/**
 * A flag on a manager that staff must act on: 'removal_suggested' (建议调离) when the spot-check
 * findings over the policy window reach the threshold. Open until staff clear it with a reason.
 */
export const managerFlags = pgTable(
  'manager_flags',
  {
    id: uuid().primaryKey().defaultRandom(),
    managerId: uuid()
      .notNull()
      .references(() => users.id),
    unitId: uuid().references(() => units.id),
    kind: text({ enum: ['removal_suggested'] }).notNull(),
    /** The count that raised it, the threshold and the window, as they were then. */
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    raisedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    clearedAt: timestamp({ withTimezone: true }),
    clearedBy: uuid().references(() => users.id),
    clearReason: text(),
  },
  (t) => [
    uniqueIndex('manager_flags_one_open').on(t.managerId, t.kind).where(sql`${t.clearedAt} is null`),
    check('manager_flags_cleared_with_reason', sql`${t.clearedAt} is null or (${t.clearedBy} is not null and length(${t.clearReason}) > 0)`),
  ],
);
