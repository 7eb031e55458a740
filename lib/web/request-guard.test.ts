import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError } from '@/lib/platform/core/errors';
import { changesState, contentTypeIs, formatBytes, hasBody, isOwnOrigin, readLimitedBody } from './request-guard';

const BASE = 'https://huifang.example.com';

describe('isOwnOrigin: state-changing requests only from our own pages', () => {
  it.each([
    ['our page', { origin: 'https://huifang.example.com' }, true],
    ['same-origin fetch without Origin', { 'sec-fetch-site': 'same-origin' }, true],
    ['not a browser (no Origin, no Sec-Fetch-Site)', {}, true],
    ['another host', { origin: 'http://evil.example' }, false],
    ['a sibling port', { origin: 'https://huifang.example.com:8443' }, false],
    ['plain http of our host', { origin: 'http://huifang.example.com' }, false],
    ['a sandboxed frame', { origin: 'null' }, false],
    ['cross-site without Origin', { 'sec-fetch-site': 'cross-site' }, false],
    ['same-site sibling without Origin', { 'sec-fetch-site': 'same-site' }, false],
    ['typed into the address bar', { 'sec-fetch-site': 'none' }, false],
    ['Origin wins over a forged Sec-Fetch-Site', { origin: 'http://evil.example', 'sec-fetch-site': 'same-origin' }, false],
  ])('%s → %s', (_name, headers, expected) => {
    expect(isOwnOrigin(new Headers(headers), BASE)).toBe(expected);
  });
});

describe('contentTypeIs: a route parses only the type it declares', () => {
  it.each([
    ['application/json', 'json', true],
    ['application/json; charset=utf-8', 'json', true],
    ['Application/JSON', 'json', true],
    ['text/plain', 'json', false],
    ['text/plain;charset=UTF-8', 'json', false],
    ['application/x-www-form-urlencoded', 'json', false],
    [null, 'json', false],
    ['multipart/form-data; boundary=----x', 'multipart', true],
    ['application/json', 'multipart', false],
    ['application/x-www-form-urlencoded', 'form', true],
  ] as const)('%s as %s → %s', (header, type, expected) => {
    expect(contentTypeIs(header, type)).toBe(expected);
  });
});

describe('changesState, hasBody, formatBytes', () => {
  it.each([
    ['GET', false],
    ['HEAD', false],
    ['OPTIONS', false],
    ['POST', true],
    ['put', true],
    ['PATCH', true],
    ['DELETE', true],
  ])('%s changes state: %s', (method, expected) => expect(changesState(method)).toBe(expected));

  it.each([
    [{}, false],
    [{ 'content-length': '0' }, false],
    [{ 'content-length': '12' }, true],
    [{ 'transfer-encoding': 'chunked' }, true],
  ])('%j has a body: %s', (headers, expected) => expect(hasBody(new Headers(headers))).toBe(expected));

  it.each([
    [0, '0 B'],
    [65536, '64 KB'],
    [20 * 1024 * 1024, '20 MB'],
  ])('%d bytes read as %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});

/** A body that arrives in chunks with no declared length, as `Transfer-Encoding: chunked` does. */
function chunkedRequest(chunkBytes: number, chunks: number, headers: Record<string, string> = {}) {
  let sent = 0;
  let cancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= chunks) return controller.close();
      sent += 1;
      controller.enqueue(new Uint8Array(chunkBytes).fill(97));
    },
    cancel() {
      cancelled = true;
    },
  });
  const request = new Request('http://localhost/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return { request, sentChunks: () => sent, cancelled: () => cancelled };
}

describe('readLimitedBody: counted while streamed, cut at the limit', () => {
  it('reads a body within the limit whole', async () => {
    const { request } = chunkedRequest(1000, 10);
    expect((await readLimitedBody(request, 10_000)).byteLength).toBe(10_000);
  });

  it('cuts a chunked body at the limit and stops reading it (150 MB never read)', async () => {
    const { request, sentChunks, cancelled } = chunkedRequest(64 * 1024, 150 * 16);
    await expect(readLimitedBody(request, 1024 * 1024)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(sentChunks()).toBeLessThan(20);
    expect(cancelled()).toBe(true);
  });

  it('refuses a declared length over the limit before reading anything', async () => {
    const { request, sentChunks } = chunkedRequest(1024, 10, { 'content-length': '10240' });
    await expect(readLimitedBody(request, 100)).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(sentChunks()).toBeLessThanOrEqual(1);
  });

  it('a body where none is expected is refused at its first byte', async () => {
    const { request } = chunkedRequest(1, 1);
    await expect(readLimitedBody(request, 0)).rejects.toMatchObject({ status: 413, code: 'request.bodyNotExpected' });
    expect((await readLimitedBody(new Request('http://localhost/', { method: 'POST' }), 0)).byteLength).toBe(0);
  });
});
