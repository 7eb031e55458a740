import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Readable } from 'node:stream';
import type { Db, DbOrTx } from '@/db/client';
import { importErrors, imports, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { requestSamplingForImport } from '@/lib/sampling/triggers';
import { requestVerdictsForImport } from '@/lib/verdicts/triggers';
import { assertRole } from '@/lib/auth/guards';
import type { Actor, Ctx } from '@/lib/core/context';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/core/errors';
import { mapHeaders, pickCells } from './columns';
import type { ParsedRow, RowIssue } from './handler';
import { IMPORT_KINDS, importHandler, type ImportKind } from './kinds';
import { FileTooLargeError, storeUpload } from './storage';
import { formatOf, readTable } from './tabular';

export const IMPORT_MAX_BYTES = 200 * 1024 * 1024;
const BATCH_SIZE = 1000;

export type ImportRecord = typeof imports.$inferSelect;
type Progress = (processedRows: number) => unknown;

export const startImportInput = z.object({
  kind: z.enum(IMPORT_KINDS as [ImportKind, ...ImportKind[]]),
  fileName: z.string().trim().min(1, 'errors.required').max(255),
});

/** Step 0: keep the uploaded file and create the import; validation runs next (job or inline). */
export async function startImport({
  ctx,
  input,
  source,
}: {
  ctx: Ctx;
  input: z.infer<typeof startImportInput>;
  source: Readable | ReadableStream<Uint8Array> | string;
}): Promise<ImportRecord> {
  assertRole(ctx.actor, 'staff', 'admin');
  if (!formatOf(input.fileName)) throw ValidationError.field('file', 'import.unsupportedFormat', { name: input.fileName });
  const id = randomUUID();
  let stored;
  try {
    stored = await storeUpload(id, input.fileName, source, IMPORT_MAX_BYTES);
  } catch (error) {
    if (error instanceof FileTooLargeError) throw ValidationError.field('file', 'import.fileTooLarge', { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 });
    throw error;
  }
  if (stored.bytes === 0) throw ValidationError.field('file', 'import.emptyFile');
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(imports)
      .values({ id, kind: input.kind, fileName: input.fileName, storedPath: stored.storedPath, sha256: stored.sha256, createdBy: ctx.actor.id })
      .returning();
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'import.uploaded', entityType: 'import', entityId: id, after: { kind: input.kind, fileName: input.fileName, sha256: stored.sha256, bytes: stored.bytes } });
    return row;
  });
}

/** Streams the file through the kind's parse and validator, calling `onBatch` per checked batch. */
async function scanFile(
  record: ImportRecord,
  db: DbOrTx,
  ctx: Ctx,
  onBatch: (batch: ParsedRow<unknown>[], issues: RowIssue[], processed: number) => Promise<void>,
): Promise<{ totalRows: number; summary: Record<string, number> }> {
  const handler = importHandler(record.kind);
  const validator = handler.createValidator(db, ctx);
  const format = formatOf(record.fileName)!;
  let headerMap: ReturnType<typeof mapHeaders<string>> | undefined;
  let batch: ParsedRow<unknown>[] = [];
  let pendingIssues: RowIssue[] = [];
  let totalRows = 0;

  const flush = async () => {
    const issues = [...pendingIssues, ...(batch.length > 0 ? await validator.checkBatch(batch) : [])];
    await onBatch(batch, issues, totalRows);
    batch = [];
    pendingIssues = [];
  };

  for await (const raw of readTable(record.storedPath, format)) {
    if (!headerMap) {
      headerMap = mapHeaders(raw.cells, handler.columns);
      const fileIssues: RowIssue[] = [
        ...headerMap.missing.map((key) => ({ rowNumber: raw.rowNumber, column: key, code: 'import.missingColumn', params: { column: key } })),
        ...headerMap.duplicate.map((h) => ({ rowNumber: raw.rowNumber, column: h, code: 'import.duplicateColumn', params: { column: h } })),
      ];
      if (fileIssues.length > 0) {
        await onBatch([], fileIssues, 0);
        return { totalRows: 0, summary: {} };
      }
      continue;
    }
    if (raw.cells.every((c) => c.trim() === '')) continue;
    totalRows++;
    const cells = pickCells(raw.cells, headerMap, handler.columns);
    const parsed = handler.parseRow(cells, raw.rowNumber);
    if (parsed.issues) pendingIssues.push(...parsed.issues);
    else batch.push({ rowNumber: raw.rowNumber, row: parsed.row });
    if (batch.length + pendingIssues.length >= BATCH_SIZE) await flush();
  }
  if (!headerMap) {
    await onBatch([], [{ rowNumber: 1, code: 'import.emptyFile' }], 0);
    return { totalRows: 0, summary: {} };
  }
  await flush();
  if (totalRows === 0) await onBatch([], [{ rowNumber: 2, code: 'import.noRows' }], 0);
  return { totalRows, summary: validator.summary() };
}

async function saveIssues(db: DbOrTx, importId: string, issues: RowIssue[]) {
  for (let i = 0; i < issues.length; i += 1000) {
    await db.insert(importErrors).values(
      issues.slice(i, i + 1000).map((issue) => ({
        importId,
        rowNumber: issue.rowNumber,
        column: issue.column ?? null,
        code: issue.code,
        params: issue.params ?? {},
        value: issue.value?.slice(0, 500) ?? null,
      })),
    );
  }
}

async function loadForRun(db: Db, importId: string): Promise<{ record: ImportRecord; ctx: Ctx } | undefined> {
  const [row] = await db.select().from(imports).innerJoin(users, eq(users.id, imports.createdBy)).where(eq(imports.id, importId));
  if (!row) return undefined;
  const actor: Actor = { id: row.users.id, username: row.users.username, displayName: row.users.displayName, role: row.users.role, unitId: row.users.unitId };
  return { record: row.imports, ctx: { db, actor, now: () => new Date() } };
}

/**
 * Step 1 (preview): validates every row and stores the issues by row and column, with counts of
 * what a commit would do. Writes no domain data. Idempotent: a validated import is left as it is.
 */
export async function validateImportJob(db: Db, importId: string, onProgress: Progress = () => {}): Promise<ImportRecord | undefined> {
  const loaded = await loadForRun(db, importId);
  if (!loaded) return undefined;
  const { record, ctx } = loaded;
  if (record.status !== 'uploaded' && record.status !== 'validating') return record;
  await db.update(imports).set({ status: 'validating', processedRows: 0, errorCount: 0 }).where(eq(imports.id, importId));
  await db.delete(importErrors).where(eq(importErrors.importId, importId));
  let errorCount = 0;
  try {
    const { totalRows, summary } = await scanFile(record, db, ctx, async (_batch, issues, processed) => {
      errorCount += issues.length;
      await saveIssues(db, importId, issues);
      await db.update(imports).set({ processedRows: processed, errorCount }).where(eq(imports.id, importId));
      await onProgress(processed);
    });
    const [done] = await db
      .update(imports)
      .set({ status: 'validated', totalRows, processedRows: totalRows, errorCount, summary, validatedAt: new Date() })
      .where(eq(imports.id, importId))
      .returning();
    return done;
  } catch (error) {
    await db.update(imports).set({ status: 'failed', failureMessage: String((error as Error).message ?? error).slice(0, 1000) }).where(eq(imports.id, importId));
    throw error;
  }
}

class CommitRejected extends Error {
  constructor(readonly issues: RowIssue[]) {
    super('import rows no longer valid');
  }
}

/**
 * Step 2 (commit): writes every row in one transaction, validating again inside it; if any row
 * has become invalid nothing is written and the import shows the new issues. Idempotent.
 */
export async function commitImportJob(db: Db, payload: { importId: string }, onProgress: Progress = () => {}): Promise<ImportRecord | undefined> {
  const loaded = await loadForRun(db, payload.importId);
  if (!loaded) return undefined;
  const { record, ctx } = loaded;
  if (record.status !== 'committing') return record;
  const handler = importHandler(record.kind);
  try {
    const summary = await db.transaction(async (tx) => {
      const txCtx: Ctx = { ...ctx, db: tx };
      const writer = handler.createWriter(tx, txCtx, record.id);
      const collected: RowIssue[] = [];
      await scanFile(record, tx, txCtx, async (batch, issues, processed) => {
        if (issues.length > 0 || collected.length > 0) {
          collected.push(...issues);
          return;
        }
        await writer.writeBatch(batch);
        // Progress goes through the pool, not the transaction, so it is visible while committing.
        await db.update(imports).set({ processedRows: processed }).where(eq(imports.id, record.id));
        await onProgress(processed);
      });
      if (collected.length > 0) throw new CommitRejected(collected);
      const result = writer.summary();
      await tx.update(imports).set({ status: 'committed', committedAt: new Date(), summary: result }).where(eq(imports.id, record.id));
      await recordAudit(tx, { actorId: ctx.actor.id, action: 'import.committed', entityType: 'import', entityId: record.id, after: { kind: record.kind, summary: result } });
      return result;
    });
    // After commit: imported visits are sampled by month (lib/sampling; the daily catch-up covers a lost job).
    if (record.kind === 'visits') await requestSamplingForImport(db, record.id);
    // …and their data checks, verdicts and points, per manager-month (lib/assessment).
    if (record.kind === 'visits') await requestVerdictsForImport(db, record.id);
    const [done] = await db.select().from(imports).where(eq(imports.id, record.id));
    return { ...done, summary };
  } catch (error) {
    if (error instanceof CommitRejected) {
      await db.delete(importErrors).where(eq(importErrors.importId, record.id));
      await saveIssues(db, record.id, error.issues);
      const [back] = await db
        .update(imports)
        .set({ status: 'validated', errorCount: error.issues.length })
        .where(eq(imports.id, record.id))
        .returning();
      return back;
    }
    await db.update(imports).set({ status: 'failed', failureMessage: String((error as Error).message ?? error).slice(0, 1000) }).where(eq(imports.id, record.id));
    throw error;
  }
}

/** Marks a clean, validated import for commit. Returns false when it was already on its way. */
export async function requestCommit({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<ImportRecord> {
  assertRole(ctx.actor, 'staff', 'admin');
  const [current] = await ctx.db.select().from(imports).where(eq(imports.id, input.id));
  if (!current) throw new NotFoundError();
  if (current.status === 'committing' || current.status === 'committed') return current;
  if (current.status !== 'validated') throw new ConflictError('import.notReady');
  if (current.errorCount > 0) throw new ConflictError('import.hasErrors', { count: current.errorCount });
  // Conditional update: two clicks (or two staff) commit once.
  const [row] = await ctx.db
    .update(imports)
    .set({ status: 'committing', processedRows: 0 })
    .where(and(eq(imports.id, input.id), eq(imports.status, 'validated'), eq(imports.errorCount, 0)))
    .returning();
  return row ?? current;
}

export const getImportInput = z.object({
  id: z.uuid(),
  errorsPage: z.coerce.number().int().min(1).default(1),
  errorsPageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export async function getImport({ ctx, input }: { ctx: Ctx; input: z.input<typeof getImportInput> }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const f = getImportInput.parse(input);
  const [row] = await ctx.db
    .select({ record: imports, createdByName: users.displayName })
    .from(imports)
    .innerJoin(users, eq(users.id, imports.createdBy))
    .where(eq(imports.id, f.id));
  if (!row) throw new NotFoundError();
  const errors = await ctx.db
    .select()
    .from(importErrors)
    .where(eq(importErrors.importId, f.id))
    .orderBy(asc(importErrors.rowNumber), asc(importErrors.column))
    .limit(f.errorsPageSize)
    .offset((f.errorsPage - 1) * f.errorsPageSize);
  const { storedPath: _hidden, ...record } = row.record;
  return { ...record, createdByName: row.createdByName, errors, errorsPage: f.errorsPage, errorsPageSize: f.errorsPageSize };
}

export async function listImports({ ctx, input }: { ctx: Ctx; input: { kind?: ImportKind; page?: number; pageSize?: number } }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const page = Math.max(1, input.page ?? 1);
  const pageSize = Math.min(100, input.pageSize ?? 20);
  const where = input.kind ? eq(imports.kind, input.kind) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    ctx.db
      .select({
        id: imports.id,
        kind: imports.kind,
        fileName: imports.fileName,
        status: imports.status,
        totalRows: imports.totalRows,
        errorCount: imports.errorCount,
        createdAt: imports.createdAt,
        committedAt: imports.committedAt,
        createdByName: users.displayName,
      })
      .from(imports)
      .innerJoin(users, eq(users.id, imports.createdBy))
      .where(where)
      .orderBy(desc(imports.createdAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    ctx.db.select({ total: count() }).from(imports).where(where),
  ]);
  return { rows, total, page, pageSize };
}

/**
 * Upload, validate and (when asked and clean) commit in this process — the CLI's path. It calls
 * the same steps the worker runs for the web app.
 */
export async function runImportInline({
  ctx,
  db,
  input,
  filePath,
  commit,
  onProgress,
}: {
  ctx: Ctx;
  db: Db;
  input: z.infer<typeof startImportInput>;
  filePath: string;
  commit: boolean;
  onProgress?: Progress;
}) {
  const started = await startImport({ ctx, input, source: filePath });
  let record = await validateImportJob(db, started.id, onProgress);
  if (commit && record && record.status === 'validated' && record.errorCount === 0) {
    await requestCommit({ ctx, input: { id: started.id } });
    record = await commitImportJob(db, { importId: started.id }, onProgress);
  }
  return getImport({ ctx, input: { id: started.id, errorsPageSize: 500 } });
}
