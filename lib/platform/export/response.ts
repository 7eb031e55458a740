import type { ExportFormat } from './columns';
import type { PreparedExport, PreparedWorkbook } from './stream';

/**
 * The HTTP answer carrying an export: streamed (no length known ahead), never cached, named in
 * Chinese for the browser (RFC 5987/6266 `filename*`) with a plain ASCII name for old clients.
 */
const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/**
 * `attachment; filename="…"; filename*=UTF-8''…`: the name in full for today's browsers, and an
 * ASCII name (characters a header cannot carry left out) for old clients when one is given.
 * `inline` for a file the browser shows rather than saves. Every download of the app says its name here.
 */
export function contentDisposition(fileName: string, asciiFallback?: string, type: 'attachment' | 'inline' = 'attachment'): string {
  // encodeURIComponent leaves ' ( ) * unescaped; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const ascii = asciiFallback === undefined ? '' : `; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"`;
  return `${type}${ascii}; filename*=UTF-8''${encoded}`;
}

export function exportResponse(prepared: PreparedExport, format: ExportFormat): Response {
  return fileResponse(prepared.stream(format), format, prepared.title, prepared.asciiName);
}

/** A workbook of several sheets (XLSX). */
export function workbookResponse(prepared: PreparedWorkbook): Response {
  return fileResponse(prepared.stream(), 'xlsx', prepared.title, prepared.asciiName);
}

function fileResponse(body: ReadableStream<Uint8Array>, format: ExportFormat, title: string, asciiName: string): Response {
  return new Response(body, {
    headers: {
      'content-type': CONTENT_TYPES[format],
      'content-disposition': contentDisposition(`${title}.${format}`, `${asciiName}.${format}`),
      'cache-control': 'no-store',
      // Proxies (nginx) pass the rows on as they come instead of holding the whole file.
      'x-accel-buffering': 'no',
    },
  });
}
