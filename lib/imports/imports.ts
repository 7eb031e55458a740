import { randomUUID } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import { idSchema } from '@/lib/platform/core/ids';
import type { Readable } from 'node:stream';
import type { Db, DbOrTx } from '@/db/client';
import { importErrors, importRows, imports, users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { requestSamplingForImport } from '@/lib/visits/sampling-triggers';
import { requestVerdictsForImport } from '@/lib/visits/verdict-triggers';
import { assertRole } from '@/lib/auth/guards';
import type { Actor, Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { parseInput } from '@/lib/platform/core/parse-input';
import { jsonChunks } from '@/lib/platform/core/sql';
import { logger } from '@/lib/platform/log';
import { headerIssues, mapHeaders, pickCells } from '@/lib/platform/import/columns';
import type { ImportValidator, ParsedRow, RowIssue } from '@/lib/platform/import/handler';
import { IMPORT_KINDS, importHandler, type ImportKind } from './kinds';
import { importStage } from './status';
import { fileSize, FileTooLargeError, removeUpload, storeUpload } from './storage';
import { formatOf, readTable, UnreadableFileError } from './tabular';
import { actorOf } from '@/lib/auth/actor';

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

/** Rows after the header that one import may have (a department's whole customer list fits). */
export const IMPORT_MAX_ROWS = 200_000;

type ScanResult = { totalRows: number; summary: Record<string, number>; fileIssues: RowIssue[] };

/**
 * Streams a file through the kind's parse and validator, calling `onBatch` per checked batch with
 * the batch's good rows (no issue) and its issues. A file that cannot be read as a table, or whose
 * header lacks a required column, stops the scan: its `fileIssues` say why, and nothing else counts.
 * Rows in `skip` (bad rows found by an earlier scan) are passed over before they are parsed.
 */
async function scanFile(
  source: { kind: ImportKind; filePath: string },
  validator: ImportValidator<unknown>,
  onBatch: (good: ParsedRow<unknown>[], issues: RowIssue[], processed: number) => Promise<void>,
  skip?: ReadonlySet<number>,
): Promise<ScanResult> {
  const handler = importHandler(source.kind);
  let headerMap: ReturnType<typeof mapHeaders<string>> | undefined;
  let batch: ParsedRow<unknown>[] = [];
  let pendingIssues: RowIssue[] = [];
  let totalRows = 0;
  // A batch is checked and written (mostly waiting for the database) while the next one is read
  // and parsed. One batch in flight at a time and in file order, so each check sees what the
  // batch before it wrote; an error of a batch in flight surfaces at the next flush or the end.
  let inFlight: Promise<void> | undefined;
  const flush = async () => {
    const rows = batch;
    const early = pendingIssues;
    const processed = totalRows;
    batch = [];
    pendingIssues = [];
    await inFlight;
    inFlight = (async () => {
      const issues = [...early, ...(rows.length > 0 ? await validator.checkBatch(rows) : [])];
      const bad = new Set(issues.map((i) => i.rowNumber));
      await onBatch(
        rows.filter((r) => !bad.has(r.rowNumber)),
        issues,
        processed,
      );
    })();
    inFlight.catch(() => {});
  };
  try {
    for await (const raw of readTable(source.filePath, { maxRows: IMPORT_MAX_ROWS })) {
      if (!headerMap) {
        headerMap = mapHeaders(raw.cells, handler.columns);
        const fileIssues = headerIssues(handler.columns, raw.cells, headerMap, raw.rowNumber);
        if (fileIssues.length > 0) return { totalRows: 0, summary: {}, fileIssues };
        continue;
      }
      if (raw.cells.every((c) => c.trim() === '')) continue;
      totalRows++;
      if (skip?.has(raw.rowNumber)) continue;
      const cells = pickCells(raw.cells, headerMap, handler.columns);
      const parsed = handler.parseRow(cells, raw.rowNumber);
      if (parsed.issues) pendingIssues.push(...parsed.issues);
      else batch.push({ rowNumber: raw.rowNumber, row: parsed.row });
      if (batch.length + pendingIssues.length >= BATCH_SIZE) await flush();
    }
  } catch (error) {
    // The batch in flight finishes first (its own error wins, as it happened first).
    await inFlight;
    if (error instanceof UnreadableFileError) return { totalRows: 0, summary: {}, fileIssues: [{ rowNumber: 0, code: `import.file.${error.problem}`, params: error.params }] };
    throw error;
  }
  if (!headerMap) return { totalRows: 0, summary: {}, fileIssues: [{ rowNumber: 1, code: 'import.emptyFile' }] };
  await flush();
  await inFlight;
  if (totalRows === 0) return { totalRows: 0, summary: {}, fileIssues: [{ rowNumber: 2, code: 'import.noRows' }] };
  return { totalRows, summary: validator.summary(), fileIssues: [] };
}

/**
 * What committing would do with the good rows alone: the validator run again over the file,
 * passing over the rows that had a problem (only needed when some had one). A bad row must not
 * count — "新增客户 6" for a file whose good rows add 4 is a promise the commit cannot keep.
 */
async function goodRowsSummary(source: { kind: ImportKind; filePath: string }, db: DbOrTx, ctx: Ctx, badRows: ReadonlySet<number>) {
  const { summary } = await scanFile(source, importHandler(source.kind).createValidator(db, ctx), async () => {}, badRows);
  return summary;
}

/**
 * Issues and preview rows go in as JSON parameters (jsonb_to_recordset), sent together: a
 * thousand rows of VALUES cost more to build in JavaScript than PostgreSQL takes to insert them.
 */
async function saveIssues(db: DbOrTx, importId: string, issues: RowIssue[]) {
  const payload = issues.map((issue) => ({
    r: issue.rowNumber,
    c: issue.column ?? null,
    k: issue.code,
    p: issue.params ?? {},
    v: issue.value?.slice(0, 500) ?? null,
  }));
  await Promise.all(
    jsonChunks(payload).map((json) =>
      db.execute(sql`
        insert into ${importErrors} (import_id, row_number, "column", code, params, value)
        select ${importId}::uuid, x.r, x.c, x.k, x.p, x.v from jsonb_to_recordset(${json}::jsonb) as x(r int, c text, k text, p jsonb, v text)`),
    ),
  );
}

async function savePreviewRows(db: DbOrTx, importId: string, kind: ImportKind, good: ParsedRow<unknown>[]) {
  if (good.length === 0) return;
  const handler = importHandler(kind);
  const payload = good.map((r) => ({ r: r.rowNumber, v: handler.previewRow(r.row) }));
  await Promise.all(
    jsonChunks(payload).map((json) =>
      db.execute(sql`
        insert into ${importRows} (import_id, row_number, "values")
        select ${importId}::uuid, x.r, x.v from jsonb_to_recordset(${json}::jsonb) as x(r int, v jsonb)`),
    ),
  );
}

/**
 * The import and the person a run acts for: the uploader for validation, the one who asked to
 * commit for the commit (`actorId`, carried by the job) — the audit names who did it.
 */
async function loadForRun(db: Db, importId: string, actorId?: string): Promise<{ record: ImportRecord; ctx: Ctx } | undefined> {
  const [record] = await db.select().from(imports).where(eq(imports.id, importId));
  if (!record) return undefined;
  const [user] = await db.select().from(users).where(eq(users.id, actorId ?? record.createdBy));
  if (!user) return undefined;
  const actor: Actor = actorOf(user);
  return { record, ctx: { db, actor, now: () => new Date() } };
}

/**
 * Step 1 (preview): validates every row and stores the issues by row and column, the good rows as
 * the commit would read them, and counts of what committing the good rows would do. Writes no
 * domain data. Idempotent: a validated (or discarded) import is left as it is.
 */
export async function validateImportJob(db: Db, importId: string, onProgress: Progress = () => {}): Promise<ImportRecord | undefined> {
  const loaded = await loadForRun(db, importId);
  if (!loaded) return undefined;
  const { record, ctx } = loaded;
  if (record.status !== 'uploaded' && record.status !== 'validating') return record;
  await db.update(imports).set({ status: 'validating', processedRows: 0, errorCount: 0 }).where(eq(imports.id, importId));
  await db.delete(importErrors).where(eq(importErrors.importId, importId));
  await db.delete(importRows).where(eq(importRows.importId, importId));
  const source = { kind: record.kind, filePath: record.storedPath };
  let errorCount = 0;
  const badRows = new Set<number>();
  try {
    const scanned = await scanFile(source, importHandler(record.kind).createValidator(db, ctx), async (good, issues, processed) => {
      errorCount += issues.length;
      for (const issue of issues) badRows.add(issue.rowNumber);
      await saveIssues(db, importId, issues);
      await savePreviewRows(db, importId, record.kind, good);
      await db.update(imports).set({ processedRows: processed, errorCount }).where(eq(imports.id, importId));
      await onProgress(processed);
    });
    const { totalRows } = scanned;
    let { summary } = scanned;
    if (scanned.fileIssues.length > 0) {
      // The file as a whole is the problem: row issues found before it (say, too many rows) would only bury it.
      await db.delete(importErrors).where(eq(importErrors.importId, importId));
      await db.delete(importRows).where(eq(importRows.importId, importId));
      await saveIssues(db, importId, scanned.fileIssues);
      errorCount = scanned.fileIssues.length;
    } else if (errorCount > 0) summary = await goodRowsSummary(source, db, ctx, badRows);
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
export async function commitImportJob(db: Db, payload: { importId: string; actorId: string }, onProgress: Progress = () => {}): Promise<ImportRecord | undefined> {
  const loaded = await loadForRun(db, payload.importId, payload.actorId);
  if (!loaded) return undefined;
  const { record, ctx } = loaded;
  if (record.status !== 'committing') return record;
  const handler = importHandler(record.kind);
  try {
    const summary = await db.transaction(async (tx) => {
      const txCtx: Ctx = { ...ctx, db: tx };
      const validator = handler.createValidator(tx, txCtx);
      const writer = handler.createWriter(tx, txCtx, record.id, validator);
      const collected: RowIssue[] = [];
      const scanned = await scanFile({ kind: record.kind, filePath: record.storedPath }, validator, async (batch, issues, processed) => {
        if (issues.length > 0 || collected.length > 0) {
          collected.push(...issues);
          return;
        }
        await writer.writeBatch(batch);
        // Progress goes through the pool, not the transaction, so it is visible while committing.
        await db.update(imports).set({ processedRows: processed }).where(eq(imports.id, record.id));
        await onProgress(processed);
      });
      collected.push(...scanned.fileIssues);
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

/**
 * Marks a clean, validated import for commit, audited as the one who asked (import.commitRequested).
 * An import already on its way (committing or committed) is returned as it is, nothing written.
 */
export async function requestCommit({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<ImportRecord> {
  assertRole(ctx.actor, 'staff', 'admin');
  const [current] = await ctx.db.select().from(imports).where(eq(imports.id, input.id));
  if (!current) throw new NotFoundError();
  if (current.status === 'committing' || current.status === 'committed') return current;
  if (current.status === 'discarded') throw new ConflictError('import.discarded');
  if (current.status !== 'validated') throw new ConflictError('import.notReady');
  if (current.errorCount > 0) throw new ConflictError('import.hasErrors', { count: current.errorCount });
  // Conditional update: two clicks (or two staff) commit once, and only the click that did is audited.
  const row = await ctx.db.transaction(async (tx) => {
    const [changed] = await tx
      .update(imports)
      .set({ status: 'committing', processedRows: 0 })
      .where(and(eq(imports.id, input.id), eq(imports.status, 'validated'), eq(imports.errorCount, 0)))
      .returning();
    if (changed) {
      await recordAudit(tx, {
        actorId: ctx.actor.id,
        action: 'import.commitRequested',
        entityType: 'import',
        entityId: changed.id,
        before: { status: current.status },
        after: { status: 'committing', kind: changed.kind, fileName: changed.fileName, totalRows: changed.totalRows },
      });
    }
    return changed;
  });
  return row ?? current;
}

/**
 * Sets a validated (or failed) import aside: it can no longer be committed, its kept file and good
 * rows (customer data: names, phones) are removed; the record and its error list stay as history.
 * Audited. A commit already on its way wins (the discard is refused).
 */
export async function discardImport({ ctx, input }: { ctx: Ctx; input: { id: string } }): Promise<ImportRecord> {
  assertRole(ctx.actor, 'staff', 'admin');
  const { id } = parseInput(z.object({ id: idSchema }), input);
  const record = await ctx.db.transaction(async (tx) => {
    const [current] = await tx.select().from(imports).where(eq(imports.id, id));
    if (!current) throw new NotFoundError();
    if (current.status === 'discarded') return { row: current, changed: false };
    if (current.status !== 'validated' && current.status !== 'failed') throw new ConflictError('import.cannotDiscard');
    const [row] = await tx
      .update(imports)
      .set({ status: 'discarded', discardedAt: ctx.now(), discardedBy: ctx.actor.id })
      .where(and(eq(imports.id, id), inArray(imports.status, ['validated', 'failed'])))
      .returning();
    if (!row) throw new ConflictError('import.cannotDiscard');
    await tx.delete(importRows).where(eq(importRows.importId, id));
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'import.discarded',
      entityType: 'import',
      entityId: id,
      before: { status: current.status },
      after: { status: 'discarded', kind: current.kind, fileName: current.fileName, errorCount: current.errorCount },
    });
    return { row, changed: true };
  });
  // After the transaction: a file is not part of it. A file left behind is harmless (nothing reads it).
  if (record.changed) await removeUpload(record.row.storedPath).catch((err) => logger.warn({ err, importId: id }, 'discarded import file not removed'));
  return record.row;
}

export const getImportInput = z.object({
  id: idSchema,
  errorsPage: z.coerce.number().int().min(1).default(1),
  errorsPageSize: z.coerce.number().int().min(1).max(500).default(100),
  rowsPage: z.coerce.number().int().min(1).default(1),
  rowsPageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export async function getImport({ ctx, input }: { ctx: Ctx; input: z.input<typeof getImportInput> }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const f = parseInput(getImportInput, input);
  const [row] = await ctx.db
    .select({ record: imports, createdByName: users.displayName })
    .from(imports)
    .innerJoin(users, eq(users.id, imports.createdBy))
    .where(eq(imports.id, f.id));
  if (!row) throw new NotFoundError();
  const [errors, previewRows, [{ goodRows }]] = await Promise.all([
    ctx.db
      .select()
      .from(importErrors)
      .where(eq(importErrors.importId, f.id))
      .orderBy(asc(importErrors.rowNumber), asc(importErrors.column))
      .limit(f.errorsPageSize)
      .offset((f.errorsPage - 1) * f.errorsPageSize),
    ctx.db
      .select({ rowNumber: importRows.rowNumber, values: importRows.values })
      .from(importRows)
      .where(eq(importRows.importId, f.id))
      .orderBy(asc(importRows.rowNumber))
      .limit(f.rowsPageSize)
      .offset((f.rowsPage - 1) * f.rowsPageSize),
    ctx.db.select({ goodRows: count() }).from(importRows).where(eq(importRows.importId, f.id)),
  ]);
  const discardedBy = row.record.discardedBy
    ? (await ctx.db.select({ name: users.displayName }).from(users).where(eq(users.id, row.record.discardedBy)))[0]
    : undefined;
  const { storedPath: _hidden, ...record } = row.record;
  return {
    ...record,
    stage: importStage(row.record),
    createdByName: row.createdByName,
    discardedByName: discardedBy?.name ?? null,
    errors,
    errorsPage: f.errorsPage,
    errorsPageSize: f.errorsPageSize,
    previewRows,
    goodRows,
    rowsPage: f.rowsPage,
    rowsPageSize: f.rowsPageSize,
  };
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
  return { rows: rows.map((r) => ({ ...r, stage: importStage(r) })), total, page, pageSize };
}

/** How many problems and good rows a check without an import record keeps to show (the CLI prints them). */
const CHECK_KEEP = 500;

/**
 * A dry run: reads and validates a file where it lies and says what committing its good rows
 * would do — writing nothing at all (no import record, no stored file, no audit entry). The
 * CLI's `--dry-run`; the same scan and validator as the web preview.
 */
export async function checkImportFile({ ctx, input }: { ctx: Ctx; input: z.infer<typeof startImportInput> & { filePath: string } }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const { kind, fileName } = parseInput(startImportInput, input);
  if (!formatOf(fileName)) throw ValidationError.field('file', 'import.unsupportedFormat', { name: fileName });
  const bytes = await fileSize(input.filePath);
  if (bytes === 0) throw ValidationError.field('file', 'import.emptyFile');
  if (bytes > IMPORT_MAX_BYTES) throw ValidationError.field('file', 'import.fileTooLarge', { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 });
  const source = { kind, filePath: input.filePath };
  const handler = importHandler(kind);
  const errors: RowIssue[] = [];
  const previewRows: { rowNumber: number; values: Record<string, string> }[] = [];
  const badRows = new Set<number>();
  let errorCount = 0;
  let goodRows = 0;
  const scanned = await scanFile(source, handler.createValidator(ctx.db, ctx), async (good, issues) => {
    errorCount += issues.length;
    for (const issue of issues) badRows.add(issue.rowNumber);
    errors.push(...issues.slice(0, Math.max(0, CHECK_KEEP - errors.length)));
    goodRows += good.length;
    for (const r of good.slice(0, Math.max(0, CHECK_KEEP - previewRows.length))) previewRows.push({ rowNumber: r.rowNumber, values: handler.previewRow(r.row) as Record<string, string> });
  });
  let summary = scanned.summary;
  if (scanned.fileIssues.length > 0) {
    errors.splice(0, errors.length, ...scanned.fileIssues);
    errorCount = scanned.fileIssues.length;
    previewRows.length = 0;
    goodRows = 0;
  } else if (errorCount > 0) summary = await goodRowsSummary(source, ctx.db, ctx, badRows);
  // The order the stored list has (row, then column; a file-level problem has no column).
  errors.sort((a, b) => a.rowNumber - b.rowNumber || ((a.column ?? '\uffff') < (b.column ?? '\uffff') ? -1 : (a.column ?? '\uffff') > (b.column ?? '\uffff') ? 1 : 0));
  return {
    id: null,
    kind,
    fileName,
    status: 'validated' as const,
    stage: errorCount > 0 ? ('hasErrors' as const) : ('ready' as const),
    totalRows: scanned.totalRows,
    errorCount,
    errors,
    summary,
    goodRows,
    previewRows,
  };
}

/**
 * Upload, validate and (when clean) commit in this process — the CLI's and the demo's path. It
 * calls the same steps the worker runs for the web app. Without `commit` it is a dry run
 * (`checkImportFile`): nothing is written.
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
  if (!commit) return checkImportFile({ ctx, input: { ...input, filePath } });
  const started = await startImport({ ctx, input, source: filePath });
  const record = await validateImportJob(db, started.id, onProgress);
  if (record && record.status === 'validated' && record.errorCount === 0) {
    await requestCommit({ ctx, input: { id: started.id } });
    await commitImportJob(db, { importId: started.id, actorId: ctx.actor.id }, onProgress);
  }
  return getImport({ ctx, input: { id: started.id, errorsPageSize: 500, rowsPageSize: 20 } });
}
