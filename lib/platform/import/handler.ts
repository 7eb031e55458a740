import type { DbOrTx } from '@/db/client';
import type { Ctx } from '@/lib/platform/core/context';
import type { ErrorParams } from '@/lib/platform/core/errors';
import type { ColumnSpec } from './columns';

/** A problem with one row (and column). `code` is a key under `errors.import` in the catalogue. */
export interface RowIssue {
  rowNumber: number;
  column?: string;
  code: string;
  params?: ErrorParams;
  value?: string;
}

export interface ParsedRow<TRow> {
  rowNumber: number;
  row: TRow;
}

/**
 * What an import kind (customers, visits; lib/imports/kinds.ts lists them, above the domains that
 * define them) supplies to the shared two-step import: columns, a per-row parse without I/O, a
 * validator that checks batches against the database and the rows seen so far, and a writer that
 * applies batches inside the commit transaction.
 *
 * The same validator runs again inside the commit transaction, so a commit never writes rows that
 * became invalid since the preview; any issue then rolls the whole commit back.
 */
export interface ImportHandler<TRow, K extends string = string> {
  columns: ColumnSpec<K>[];
  /**
   * A good row as the commit will read it, by column key, for the preview: codes, classes, E.164
   * phones, trimmed names, times in APP_TIMEZONE ('YYYY-MM-DD HH:mm'). Coded values (a visit type,
   * a contact role) stay codes; the page names them from the catalogue (`imports.valueName.*`).
   */
  previewRow(row: TRow): Partial<Record<K, string>>;
  /** Checks one row alone (formats, required values); no database access. */
  parseRow(cells: Record<K, string>, rowNumber: number): { row: TRow; issues?: undefined } | { row?: undefined; issues: RowIssue[] };
  /** A fresh validator per run; keeps what it needs across batches (e.g. keys already seen). */
  createValidator(db: DbOrTx, ctx: Ctx): ImportValidator<TRow>;
  /**
   * Applies valid batches within the commit transaction. `validator` is the commit's own: it has
   * just checked each batch the writer is given, in the same transaction, so what it found for the
   * batch's rows (a kind's validator may expose it) is still true.
   */
  createWriter(tx: DbOrTx, ctx: Ctx, importId: string, validator: ImportValidator<TRow>): ImportWriter<TRow>;
}

export interface ImportValidator<TRow> {
  checkBatch(batch: ParsedRow<TRow>[]): Promise<RowIssue[]>;
  /** What a commit would do, e.g. { customersCreated: 10, customersUnchanged: 3 }. */
  summary(): Record<string, number>;
}

export interface ImportWriter<TRow> {
  writeBatch(batch: ParsedRow<TRow>[]): Promise<void>;
  /** What the commit did. */
  summary(): Record<string, number>;
}
