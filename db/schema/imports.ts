import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { importKindEnum, importStatusEnum } from './enums';
import { users } from './org';

/** A staff upload (customers or visit records), validated in full before it may be committed. */
export const imports = pgTable(
  'imports',
  {
    id: uuid().primaryKey().defaultRandom(),
    kind: importKindEnum().notNull(),
    fileName: text().notNull(),
    storedPath: text().notNull(),
    sha256: text().notNull(),
    status: importStatusEnum().notNull().default('uploaded'),
    totalRows: integer().notNull().default(0),
    processedRows: integer().notNull().default(0),
    errorCount: integer().notNull().default(0),
    /** Counts of what a commit would do / did: created, updated, unchanged, per entity. */
    summary: jsonb().$type<Record<string, number>>().notNull().default({}),
    failureMessage: text(),
    createdBy: uuid()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    validatedAt: timestamp({ withTimezone: true }),
    committedAt: timestamp({ withTimezone: true }),
    discardedAt: timestamp({ withTimezone: true }),
    discardedBy: uuid().references(() => users.id),
  },
  (t) => [index().on(t.createdBy, t.createdAt)],
);

/** One problem found in one row (and column) of an import; the message is a catalogue key. */
export const importErrors = pgTable(
  'import_errors',
  {
    id: uuid().primaryKey().defaultRandom(),
    importId: uuid()
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    rowNumber: integer().notNull(),
    column: text(),
    code: text().notNull(),
    params: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    value: text(),
  },
  (t) => [index().on(t.importId, t.rowNumber)],
);

/**
 * A good row of an import as the commit would read it (normalised: codes, classes, E.164 phones,
 * names), keyed by column, for the preview staff check before they commit. Bad rows are not kept.
 */
export const importRows = pgTable(
  'import_rows',
  {
    importId: uuid()
      .notNull()
      .references(() => imports.id, { onDelete: 'cascade' }),
    rowNumber: integer().notNull(),
    values: jsonb().$type<Record<string, string>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.rowNumber] })],
);
