import { date, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './org';

/**
 * Versioned settings. A policy key (e.g. 'reporting') has versions effective from a date (in
 * APP_TIMEZONE); the version in force on a day is the one with the latest effectiveFrom on or
 * before it. Values are validated by the key's zod schema in lib/policy.
 */
export const policyVersions = pgTable(
  'policy_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    key: text().notNull(),
    version: integer().notNull(),
    effectiveFrom: date({ mode: 'string' }).notNull(),
    value: jsonb().$type<Record<string, unknown>>().notNull(),
    note: text().notNull().default(''),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.key, t.version), uniqueIndex().on(t.key, t.effectiveFrom)],
);
