import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';

/** 营销单位: marketing unit, the org level above managers. */
export const units = pgTable('units', {
  id: uuid().primaryKey().defaultRandom(),
  code: text().notNull().unique(),
  name: text().notNull().unique(),
  region: text().notNull(),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const users = pgTable(
  'users',
  {
    id: uuid().primaryKey().defaultRandom(),
    username: text().notNull().unique(),
    displayName: text().notNull(),
    passwordHash: text().notNull(),
    role: roleEnum().notNull(),
    unitId: uuid().references(() => units.id),
    /** E.164; managers' and agents' phones (agents are called on theirs when a callback is placed). */
    phone: text(),
    active: boolean().notNull().default(true),
    /**
     * Sessions carry the version they were issued under; raising it (sign-out, deactivation, a
     * password or role change) ends every session of the user at once (lib/auth/session-claims.ts).
     */
    sessionVersion: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.role), index().on(t.unitId)],
);
