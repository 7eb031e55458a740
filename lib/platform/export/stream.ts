import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ExportColumn, ExportFormat } from './columns';
import { csvHeader, csvRow } from './csv';
import { SheetWriter } from './xlsx';

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
  return { title: spec.title, asciiName: spec.asciiName, stream: (format) => (format === 'csv' ? csvStream(spec) : xlsxStream(spec)) };
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
 * ExcelJS writes its zip to a Node stream: the bytes it emits go to the web stream's queue, and
 * the writer takes the next rows only once the queue has room and the zip has sent on what it
 * had, so neither the workbook's parts nor the queue grow with the row count.
 */
function xlsxStream<R>(spec: ExportSpec<R>): ReadableStream<Uint8Array> {
  const out = new PassThrough({ highWaterMark: 256 * 1024 });
  let cancelled = false;
  let wake: (() => void) | undefined;
  const roomAgain = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  let source: AsyncIterator<R> | undefined;

  return new ReadableStream<Uint8Array>(
    {
      start: (controller) => {
        out.on('data', (chunk: Buffer) => {
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) out.pause();
        });
        out.on('end', () => controller.close());
        out.on('drain', roomAgain);
        const produce = async () => {
          const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
          book.creator = 'Huifang 回访';
          const sheet = new SheetWriter(book, spec.sheetName, spec.columns, spec.timeZone);
          source = spec.rows()[Symbol.asyncIterator]();
          let step = 0;
          for (let next = await source.next(); !next.done; next = await source.next()) {
            if (cancelled) return;
            sheet.add(next.value);
            step += 1;
            if (step >= XLSX_ROWS_PER_STEP) {
              step = 0;
              await caughtUp();
            }
          }
          sheet.commit();
          await book.commit();
        };
        // The zip's pipe into `out` is held back while the reader is behind (out paused, its buffer full).
        const caughtUp = async () => {
          await new Promise<void>((resolve) => setImmediate(resolve));
          while (!cancelled && (out.isPaused() || out.writableNeedDrain)) await new Promise<void>((resolve) => (wake = resolve));
        };
        produce().catch((error: unknown) => {
          if (cancelled) return;
          controller.error(error);
          out.destroy();
        });
      },
      pull: () => {
        out.resume();
        roomAgain();
      },
      cancel: async () => {
        cancelled = true;
        roomAgain();
        out.destroy();
        await source?.return?.();
      },
    },
    { highWaterMark: 8 },
  );
}
