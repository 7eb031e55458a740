/**
 * HTTP byte ranges (RFC 9110 §14), the one-range subset an <audio> element asks for: `bytes=a-`,
 * `bytes=a-b` and `bytes=-n` (the last n bytes). Several ranges, other units or nonsense read as
 * "no range" — the whole file is served, as the RFC allows. Pure.
 */
export type ByteRange = { start: number; end: number | null } | { suffix: number };

const SINGLE = /^bytes=(\d*)-(\d*)$/;

export function parseRangeHeader(header: string | null | undefined): ByteRange | null {
  const match = SINGLE.exec((header ?? '').trim().replace(/\s+/g, ''));
  if (!match) return null;
  const [, from, to] = match;
  if (from === '' && to === '') return null;
  if (from === '') {
    const suffix = Number(to);
    return Number.isSafeInteger(suffix) && suffix > 0 ? { suffix } : null;
  }
  const start = Number(from);
  const end = to === '' ? null : Number(to);
  if (!Number.isSafeInteger(start) || (end !== null && (!Number.isSafeInteger(end) || end < start))) return null;
  return { start, end };
}

/** The header that asks for the same range. */
export function rangeHeaderOf(range: ByteRange): string {
  return 'suffix' in range ? `bytes=-${range.suffix}` : `bytes=${range.start}-${range.end ?? ''}`;
}

/** The bytes [start, end] (inclusive) of a file of `size` bytes, or null when none of it is in the file (416). */
export function resolveRange(range: ByteRange, size: number): { start: number; end: number } | null {
  if (size <= 0) return null;
  if ('suffix' in range) return { start: Math.max(0, size - range.suffix), end: size - 1 };
  if (range.start >= size) return null;
  return { start: range.start, end: Math.min(size - 1, range.end ?? size - 1) };
}

/** Whether a request with this range begins at the start of the file (a new listening, not a seek). */
export function startsAtBeginning(range: ByteRange | null): boolean {
  return range === null || ('start' in range && range.start === 0);
}
