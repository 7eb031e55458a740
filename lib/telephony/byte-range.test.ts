import { describe, expect, it } from 'vitest';
import { parseRangeHeader, rangeHeaderOf, resolveRange, startsAtBeginning, type ByteRange } from './byte-range';

describe('parseRangeHeader', () => {
  it.each<[string | null, ByteRange | null]>([
    ['bytes=0-', { start: 0, end: null }],
    ['bytes=100-199', { start: 100, end: 199 }],
    ['bytes = 5 - 9', { start: 5, end: 9 }],
    ['bytes=-500', { suffix: 500 }],
    ['bytes=7-7', { start: 7, end: 7 }],
    // Not one simple range: the whole file.
    [null, null],
    ['', null],
    ['bytes=-', null],
    ['bytes=-0', null],
    ['bytes=9-3', null],
    ['bytes=0-1,5-9', null],
    ['items=0-9', null],
    ['bytes=a-b', null],
    ['bytes=99999999999999999999-', null],
  ])('%s → %j', (header, expected) => {
    expect(parseRangeHeader(header)).toEqual(expected);
  });
});

describe('resolveRange', () => {
  it.each<[ByteRange, number, { start: number; end: number } | null]>([
    [{ start: 0, end: null }, 1000, { start: 0, end: 999 }],
    [{ start: 10, end: 19 }, 1000, { start: 10, end: 19 }],
    [{ start: 990, end: 5000 }, 1000, { start: 990, end: 999 }],
    [{ start: 1000, end: null }, 1000, null],
    [{ suffix: 100 }, 1000, { start: 900, end: 999 }],
    [{ suffix: 5000 }, 1000, { start: 0, end: 999 }],
    [{ start: 0, end: null }, 0, null],
  ])('%j of %d bytes → %j', (range, size, expected) => {
    expect(resolveRange(range, size)).toEqual(expected);
  });
});

describe('rangeHeaderOf and startsAtBeginning', () => {
  it.each<[ByteRange, string, boolean]>([
    [{ start: 0, end: null }, 'bytes=0-', true],
    [{ start: 0, end: 1 }, 'bytes=0-1', true],
    [{ start: 44, end: 99 }, 'bytes=44-99', false],
    [{ suffix: 10 }, 'bytes=-10', false],
  ])('%j', (range, header, fromStart) => {
    expect(rangeHeaderOf(range)).toBe(header);
    expect(parseRangeHeader(header)).toEqual(range);
    expect(startsAtBeginning(range)).toBe(fromStart);
  });

  it('no range at all is a listening from the start', () => {
    expect(startsAtBeginning(null)).toBe(true);
  });
});
