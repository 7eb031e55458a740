import { boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customerClassEnum, scriptVersionStatusEnum } from './enums';
import { users } from './org';

/** 外呼脚本: a callback script; its questions live in versions. */
export const callbackScripts = pgTable('callback_scripts', {
  id: uuid().primaryKey().defaultRandom(),
  name: text().notNull(),
  description: text().notNull().default(''),
  archived: boolean().notNull().default(false),
  createdBy: uuid().references(() => users.id),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * One version of a script. At most one draft per script is edited; publishing freezes it (the
 * definition never changes again) and every callback keeps the version it was scored with.
 */
export const scriptVersions = pgTable(
  'script_versions',
  {
    id: uuid().primaryKey().defaultRandom(),
    scriptId: uuid()
      .notNull()
      .references(() => callbackScripts.id),
    version: integer().notNull(),
    status: scriptVersionStatusEnum().notNull().default('draft'),
    /** Blind mode: the agent does not see what the manager reported. */
    blind: boolean().notNull().default(false),
    /** The question flow (validated by lib/scripts before publishing). */
    definition: jsonb().$type<Record<string, unknown>>().notNull(),
    maxScore: integer(),
    publishedAt: timestamp({ withTimezone: true }),
    publishedBy: uuid().references(() => users.id),
    createdBy: uuid().references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex().on(t.scriptId, t.version), index().on(t.scriptId, t.status)],
);

/**
 * Which script the callbacks of a campaign kind (lib/campaigns) for a customer class use; the
 * kind's row with a null class is its default.
 */
export const scriptAssignments = pgTable(
  'script_assignments',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: text({ enum: ['verification', 'spot_check'] })
      .notNull()
      .default('verification'),
    customerClass: customerClassEnum(),
    scriptId: uuid()
      .notNull()
      .references(() => callbackScripts.id),
    updatedBy: uuid().references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('script_assignments_kind_class').on(t.kind, t.customerClass).nullsNotDistinct()],
);
