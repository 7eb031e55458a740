import type { ExportColumn, ExportFormat } from './columns';
import { csvHeader, csvRow } from './csv';
import { XlsxBook } from './xlsx';
import { ZipWriter } from './zip';

/**
 * An export as a web stream, pulled by whoever reads it: rows are taken from their source (a
 * cursor) only as fast as the bytes are read, so memory holds a batch, not the file. A verb checks
 * role, scope and filters when it prepares the export (so a refusal is an HTTP error, not a broken
 * download); the query runs when the first bytes are read.
 */
export interface ExportSpec<R> {
  /** The file's name without extension, in Chinese (e.g. 拜访记录-2026-11). */
  title: string;
  /** The same in ASCII, for clients that cannot read a UTF-8 filename (e.g. visits-2026-11). */
  asciiName: string;
  sheetName: string;
  columns: readonly ExportColumn<R>[];
  /** Called once per stream: the rows, in order. */
  rows: () => AsyncIterable<R>;
  timeZone: string;
}

/** A prepared export whose rows are read when one of its streams is. */
export interface PreparedExport {
  title: string;
  asciiName: string;
  stream(format: ExportFormat): ReadableStream<Uint8Array>;
}

export function prepareExport<R>(spec: ExportSpec<R>): PreparedExport {
  const sheets = [sheetOf({ name: spec.sheetName, columns: spec.columns, rows: spec.rows })];
  return { title: spec.title, asciiName: spec.asciiName, stream: (format) => (format === 'csv' ? csvStream(spec) : xlsxStream(sheets, spec.timeZone)) };
}

/**
 * One sheet of a workbook of several (the month's assessment report): its rows are read when the
 * sheets before it are written, so only the sheet being written is read at a time.
 */
export interface SheetSpec<R> {
  name: string;
  columns: readonly ExportColumn<R>[];
  rows: () => AsyncIterable<R> | Iterable<R>;
}

/** A sheet of any row type, for a list of sheets of different rows. */
export function sheetOf<R>(sheet: SheetSpec<R>): SheetSpec<unknown> {
  return sheet as unknown as SheetSpec<unknown>;
}

/** A workbook of several sheets, in order: XLSX only (a CSV has one table). */
export interface WorkbookSpec {
  title: string;
  asciiName: string;
  sheets: readonly SheetSpec<unknown>[];
  timeZone: string;
}

export interface PreparedWorkbook {
  title: string;
  asciiName: string;
  stream(): ReadableStream<Uint8Array>;
}

export function prepareWorkbook(spec: WorkbookSpec): PreparedWorkbook {
  if (spec.sheets.length === 0) throw new Error('a workbook needs a sheet');
  return { title: spec.title, asciiName: spec.asciiName, stream: () => xlsxStream(spec.sheets, spec.timeZone) };
}

async function* each<R>(rows: AsyncIterable<R> | Iterable<R>): AsyncGenerator<R> {
  yield* rows;
}

/** Rows per CSV chunk: big enough to keep the per-chunk cost small, small enough to stay a few hundred KB. */
const CSV_ROWS_PER_CHUNK = 500;
/** Rows the XLSX writer takes before it waits for the reader to catch up. */
const XLSX_ROWS_PER_STEP = 500;

function csvStream<R>(spec: ExportSpec<R>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let rows: AsyncIterator<R> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      pull: async (controller) => {
        if (!rows) {
          rows = spec.rows()[Symbol.asyncIterator]();
          controller.enqueue(encoder.encode(csvHeader(spec.columns)));
          return;
        }
        let text = '';
        for (let n = 0; n < CSV_ROWS_PER_CHUNK; n += 1) {
          const next = await rows.next();
          if (next.done) {
            if (text) controller.enqueue(encoder.encode(text));
            controller.close();
            return;
          }
          text += csvRow(spec.columns, next.value, spec.timeZone);
        }
        controller.enqueue(encoder.encode(text));
      },
      cancel: async () => {
        await rows?.return?.();
      },
    },
    { highWaterMark: 2 },
  );
}

/**
 * The workbook's bytes go to the stream's queue as the ZIP deflates them; the writer takes the
 * next rows only once the queue has room, so neither grows with the row count.
 */
function xlsxStream(sheets: readonly SheetSpec<unknown>[], timeZone: string): ReadableStream<Uint8Array> {
  let source: AsyncIterator<unknown> | undefined;
  let cancelled = false;
  let room: (() => void) | undefined;
  const wake = () => {
    const resume = room;
    room = undefined;
    resume?.();
  };
  return new ReadableStream<Uint8Array>(
    {
      start: (controller) => {
        const zip = new ZipWriter((chunk) => {
          if (!cancelled) controller.enqueue(chunk);
        });
        const book = new XlsxBook(zip, timeZone);
        const produce = async () => {
          for (const sheet of sheets) {
            await book.sheet(sheet.name, sheet.columns);
            source = each(sheet.rows());
            let batch: unknown[] = [];
            for (let next = await source.next(); !next.done; next = await source.next()) {
              if (cancelled) return;
              batch.push(next.value);
              if (batch.length < XLSX_ROWS_PER_STEP) continue;
              await book.add(batch);
              batch = [];
              while (!cancelled && (controller.desiredSize ?? 1) <= 0) await new Promise<void>((resolve) => (room = resolve));
            }
            if (cancelled) return;
            await book.add(batch);
          }
          await book.finish();
          controller.close();
        };
        produce().catch((error: unknown) => {
          if (!cancelled) controller.error(error);
        });
      },
      pull: wake,
      cancel: async () => {
        cancelled = true;
        wake();
        await source?.return?.();
      },
    },
    { highWaterMark: 16 },
  );
}
