import { bigint, boolean, date, doublePrecision, index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Pre-aggregated indicators (docs/INDICATORS.md, "Pre-aggregation"): derived from the raw rows,
 * rebuildable at any time (`cli indicators-rebuild`), never the system of record. The worker
 * computes a closed local day (`indicators.day`) into these tables in one transaction; the
 * dashboards read the days listed in `indicator_days` from them and every other day (today, a day
 * not computed yet) from the raw rows, so a figure is the same either way. No foreign keys: a
 * derived row is deleted and written again with its day.
 */

/** The local days (APP_TIMEZONE) computed into the aggregates, and when. */
export const indicatorDays = pgTable('indicator_days', {
  day: date({ mode: 'string' }).primaryKey(),
  computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per callback (not cancelled) sampled on a computed day: what the callback indicators
 * count, read from the callback, its attempts, result, dispute and re-callback. Per callback, not
 * per day, because medians and the 90th percentile do not add up over days.
 */
export const callbackFacts = pgTable(
  'callback_facts',
  {
    taskId: uuid().primaryKey(),
    /** The local day the callback was sampled (created) on. */
    day: date({ mode: 'string' }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    unitId: uuid(),
    customerClass: text().notNull(),
    origin: text().notNull(),
    /** closed or unreachable. */
    finished: boolean().notNull(),
    closed: boolean().notNull(),
    unreachable: boolean().notNull(),
    outcome: text(),
    result: text(),
    closedAt: timestamp({ withTimezone: true }),
    /** Who recorded the final attempt of a finished callback. */
    agentId: uuid(),
    /** Sampled → first attempt, seconds; null before one. */
    firstAttemptSeconds: doublePrecision(),
    /** Sampled → final result of a finished callback, seconds. */
    finalSeconds: doublePrecision(),
    attempted: boolean().notNull(),
    /** Every agent who recorded an attempt on it (what each agent worked). */
    workedBy: uuid().array(),
    /** An attempt with contact made (AAPOR I, P, R, O). */
    reached: boolean().notNull(),
    overturnedOnCall: boolean().notNull(),
    /** The latest scored re-callback's result, for a scored sampled callback. */
    recheckResult: text(),
    /** The latest result's answer to its script version's rating question, with who submitted it. */
    rating: text(),
    ratingAgentId: uuid(),
    scriptVersionId: uuid(),
  },
  (t) => [index().on(t.day), index().on(t.createdAt)],
);

/** A computed day's counting visits per manager and kind of report, with their verdicts in force. */
export const dailyVisitStats = pgTable(
  'daily_visit_stats',
  {
    day: date({ mode: 'string' }).notNull(),
    managerId: uuid().notNull(),
    hasContact: boolean().notNull(),
    hasPurpose: boolean().notNull(),
    hasSummary: boolean().notNull(),
    onSite: boolean().notNull(),
    hasCheckIn: boolean().notNull(),
    reports: integer().notNull(),
    late: integer().notNull(),
    valid: integer().notNull(),
    invalid: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.managerId, t.hasContact, t.hasPurpose, t.hasSummary, t.onSite, t.hasCheckIn] })],
);

/**
 * The sum of daily_visit_stats over a month's computed days, kept with them (a day's change is
 * added to its month in the same transaction): a month's department reads 10,000 managers' rows,
 * not 30 days of them.
 */
export const monthlyVisitStats = pgTable(
  'monthly_visit_stats',
  {
    month: text().notNull(),
    managerId: uuid().notNull(),
    hasContact: boolean().notNull(),
    hasPurpose: boolean().notNull(),
    hasSummary: boolean().notNull(),
    onSite: boolean().notNull(),
    hasCheckIn: boolean().notNull(),
    reports: integer().notNull(),
    late: integer().notNull(),
    valid: integer().notNull(),
    invalid: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.managerId, t.hasContact, t.hasPurpose, t.hasSummary, t.onSite, t.hasCheckIn] })],
);

/**
 * A computed day's work per agent: calls placed on it (created), attempts recorded on it (ended),
 * and per local day an attempt started on, the first start and last end (time on duty).
 */
export const dailyAgentStats = pgTable(
  'daily_agent_stats',
  {
    day: date({ mode: 'string' }).notNull(),
    agentId: uuid().notNull(),
    /** The local day the attempts started on ('0001-01-01' for the calls' row). */
    startDay: date({ mode: 'string' }).notNull(),
    firstStartedAt: timestamp({ withTimezone: true }),
    lastEndedAt: timestamp({ withTimezone: true }),
    calls: integer().notNull().default(0),
    answered: integer().notNull().default(0),
    talkSeconds: doublePrecision().notNull().default(0),
    manualCalls: integer().notNull().default(0),
    wrapUps: integer().notNull().default(0),
    /** Exact (numeric), as the raw rows sum it: the month adds days up without rounding. */
    wrapUpSeconds: numeric().notNull().default('0'),
    /** Attempts recorded per outcome. */
    outcomes: jsonb().$type<Record<string, number>>().notNull().default({}),
  },
  (t) => [primaryKey({ columns: [t.day, t.agentId, t.startDay] })],
);

/** Where the catch-up left off looking for changes (one row). */
export const indicatorWatermarks = pgTable('indicator_watermarks', {
  key: text().primaryKey(),
  at: timestamp({ withTimezone: true }).notNull(),
  verdictId: bigint({ mode: 'number' }).notNull().default(0),
});

/**
 * Counting visits per manager and customer over a month's computed days (plan completion: each
 * visit fulfils one planned item of its customer), written again with each computed day of the month.
 */
export const monthlyCustomerVisits = pgTable(
  'monthly_customer_visits',
  {
    month: text().notNull(),
    managerId: uuid().notNull(),
    customerId: uuid().notNull(),
    visits: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.managerId, t.customerId] })],
);
