import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './org';

/**
 * One run of the evidence-chain audit (`audit-integrity`): what it checked and every broken link
 * it found. Staff read the latest run on the queue page; the worker runs it nightly.
 */
export const integrityRuns = pgTable(
  'integrity_runs',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** 'YYYY-MM' when one month was audited; null for every month. */
    month: text(),
    /** 'cli', 'worker' or 'test'. */
    trigger: text().notNull(),
    actorId: uuid().references(() => users.id),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    finishedAt: timestamp({ withTimezone: true }).notNull(),
    problemCount: integer().notNull(),
    /** Each broken link: { rule, entityType, entityId, month?, details } (see lib/integrity). */
    problems: jsonb().$type<unknown[]>().notNull().default([]),
  },
  (t) => [index().on(t.finishedAt)],
);
