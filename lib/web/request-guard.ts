import { DomainError, ForbiddenError, PayloadTooLargeError, type ErrorParams } from '@/lib/platform/core/errors';

/**
 * The checks every state-changing request passes before a handler sees it: it comes from our own
 * pages (CSRF), its body is of the type the handler parses, and the body is counted while it
 * streams in and cut at its limit — a chunked body has no Content-Length to refuse it by.
 */

export class UnsupportedMediaTypeError extends DomainError {
  readonly status = 415;
}

/** Methods that change state; GET and HEAD must not, so they are not checked here. */
export function changesState(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/**
 * A browser names the page a request came from in Origin (and Sec-Fetch-Site): anything but our
 * own PUBLIC_BASE_URL — another host, a sibling port, a sandboxed `null` — is refused. A request
 * with neither header did not come from a browser page, so carries no one's cookies by accident.
 */
export function isOwnOrigin(headers: Headers, publicBaseUrl: string): boolean {
  const own = new URL(publicBaseUrl).origin;
  const origin = headers.get('origin');
  if (origin !== null) return origin === own;
  const site = headers.get('sec-fetch-site');
  if (site !== null) return site === 'same-origin';
  return true;
}

export type BodyType = 'json' | 'multipart' | 'form';

const MEDIA_TYPES: Record<BodyType, string> = {
  json: 'application/json',
  multipart: 'multipart/form-data',
  form: 'application/x-www-form-urlencoded',
};

/** Whether a Content-Type header names the media type a handler parses (parameters aside). */
export function contentTypeIs(header: string | null, type: BodyType): boolean {
  if (!header) return false;
  return header.split(';')[0]!.trim().toLowerCase() === MEDIA_TYPES[type];
}

export function mediaTypeOf(type: BodyType): string {
  return MEDIA_TYPES[type];
}

/** Whether a request says it carries a body (a declared length above 0, or a chunked one). */
export function hasBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  return (length !== null && length.trim() !== '0') || headers.get('transfer-encoding') !== null;
}

/** 64 KB, 20 MB: a limit as people read it. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.floor(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${Math.floor(bytes / 1024)} KB`;
  return `${bytes} B`;
}

export function bodyTooLarge(maxBytes: number): PayloadTooLargeError {
  return maxBytes === 0 ? new PayloadTooLargeError('request.bodyNotExpected') : new PayloadTooLargeError('request.bodyTooLarge', { max: formatBytes(maxBytes) });
}

export function foreignOrigin(): ForbiddenError {
  return new ForbiddenError('request.foreignOrigin');
}

export function unsupportedContentType(type: BodyType): UnsupportedMediaTypeError {
  return new UnsupportedMediaTypeError('request.unsupportedContentType', { expected: mediaTypeOf(type) } satisfies ErrorParams);
}

/**
 * Reads a request body, counting bytes as they arrive: a declared length over the limit is
 * refused before reading, and a body that grows past it (chunked, or lying about its length) is
 * cut there and its stream cancelled, so at most `maxBytes` are ever held.
 */
export async function readLimitedBody(request: Request, maxBytes: number, tooLarge: () => Error = () => bodyTooLarge(maxBytes)): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
