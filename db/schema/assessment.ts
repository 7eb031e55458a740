import { bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid, bigint } from 'drizzle-orm/pg-core';
import { customers } from './customers';
import { units, users } from './org';
import { visitReports } from './visits';

/** The current 数据核查 findings of a visit (re-evaluated when reported and at month close). */
export const visitFindings = pgTable(
  'visit_findings',
  {
    visitId: uuid()
      .notNull()
      .references(() => visitReports.id),
    code: text().notNull(),
    severity: text({ enum: ['flag', 'invalidating'] }).notNull(),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    firstFoundAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    evaluatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.visitId, t.code] })],
);

/**
 * Verdicts on visits, as versions: a change (a callback result, a finding, a dispute) appends a
 * new version; none is overwritten. The latest version is the verdict in force; a month close
 * remembers the highest id it saw, which freezes every verdict of that close.
 */
export const visitVerdicts = pgTable(
  'visit_verdicts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    visitId: uuid()
      .notNull()
      .references(() => visitReports.id),
    managerId: uuid()
      .notNull()
      .references(() => users.id),
    month: text().notNull(),
    version: integer().notNull(),
    status: text({ enum: ['valid', 'invalid', 'unverified', 'pending'] }).notNull(),
    final: boolean().notNull(),
    reasons: jsonb().$type<{ code: string; params: Record<string, string | number> }[]>().notNull(),
    findings: jsonb().$type<{ code: string; severity: string; params: Record<string, string | number> }[]>().notNull().default([]),
    /** What made this version: 'evaluation' | 'callback' | 'close' | 'dispute'. */
    cause: text().notNull(),
    causeId: text(),
    decidedBy: uuid().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex().on(t.visitId, t.version),
    // The verdict in force read from the index alone (a day's visits each looking up its latest status: the dashboards' today).
    index('visit_verdicts_visit_id_version_status_index').on(t.visitId, t.version, t.status),
    index().on(t.managerId, t.month),
    index().on(t.month),
  ],
);

/**
 * 维系积分 ledger. Append-only (a trigger refuses UPDATE and DELETE): balances are sums of
 * entries; a changed verdict is corrected with reversal entries that point to their cause.
 */
export const pointsLedger = pgTable(
  'points_ledger',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    managerId: uuid()
      .notNull()
      .references(() => users.id),
    customerId: uuid().references(() => customers.id),
    month: text().notNull(),
    /** What the entry is about within the manager's month (e.g. 'accrual:<customer>', 'coverage'). */
    key: text().notNull(),
    kind: text({ enum: ['accrual', 'deduction', 'coverage_zeroing', 'reversal'] }).notNull(),
    points: integer().notNull(),
    /** Why: e.g. 'class A', the invalid visit ids, 'coverage'. */
    cause: text().notNull(),
    /** What wrote it: 'close' (with the close id) or 'recompute' (with the verdict change). */
    sourceType: text().notNull(),
    sourceId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.managerId, t.month), index().on(t.month, t.key)],
);

/** A close of a month (月结). Closing again makes a new version and lists what changed. */
export const monthCloses = pgTable(
  'month_closes',
  {
    id: uuid().primaryKey().defaultRandom(),
    month: text().notNull(),
    version: integer().notNull(),
    closedBy: uuid().references(() => users.id),
    closedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** Highest verdict and ledger ids included: what this close froze. */
    verdictWatermark: bigint({ mode: 'number' }).notNull(),
    ledgerWatermark: bigint({ mode: 'number' }).notNull(),
    /** The policy versions in force for the month. */
    policies: jsonb().$type<Record<string, number>>().notNull(),
    /** Differences from the previous version: { managerId, figure, old, new }[]. */
    changes: jsonb().$type<{ managerId: string; figure: string; old: unknown; new: unknown }[]>().notNull().default([]),
    totals: jsonb().$type<Record<string, number>>().notNull().default({}),
    /** The agents' assessments' differences from the previous version: { agentId, figure, old, new }[]. */
    agentChanges: jsonb().$type<{ agentId: string; figure: string; old: unknown; new: unknown }[]>().notNull().default([]),
  },
  (t) => [uniqueIndex().on(t.month, t.version)],
);

/** Each manager's figures, score and grade in one close. */
export const monthAssessments = pgTable(
  'month_assessments',
  {
    closeId: uuid()
      .notNull()
      .references(() => monthCloses.id),
    managerId: uuid()
      .notNull()
      .references(() => users.id),
    unitId: uuid().references(() => units.id),
    figures: jsonb().$type<Record<string, number>>().notNull(),
    gaps: jsonb().$type<{ customerId: string; requirement: string }[]>().notNull().default([]),
    /** Null when nothing that weighs was measured (样本不足); the grade then reads 'insufficient_sample'. */
    score: real(),
    grade: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.closeId, t.managerId] })],
);

/** Each callback agent's month (坐席月度考核) in one close: the counts, the three parts, score and grade. */
export const agentMonthAssessments = pgTable(
  'agent_month_assessments',
  {
    closeId: uuid()
      .notNull()
      .references(() => monthCloses.id),
    agentId: uuid()
      .notNull()
      .references(() => users.id),
    figures: jsonb().$type<Record<string, number | null>>().notNull(),
    /** Null when 样本不足 (fewer callbacks finished than the policy's minimum, or nothing that weighs measured). */
    score: real(),
    /** 'insufficient_sample' when there is no grade. */
    grade: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.closeId, t.agentId] })],
);

/** Whether a closed month has changed since its last close (e.g. a dispute overturned a verdict). */
export const monthStatus = pgTable('month_status', {
  month: text().primaryKey(),
  closedVersion: integer(),
  changedSinceClose: boolean().notNull().default(false),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
