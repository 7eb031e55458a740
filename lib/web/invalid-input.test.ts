import { describe, expect, it } from 'vitest';
import { isInvalidInputForDatabase } from './invalid-input';

const pg = (code: string) => Object.assign(new Error('db'), { code });

describe('isInvalidInputForDatabase: bad input, not a fault', () => {
  it.each([
    ['invalid uuid text', pg('22P02'), true],
    ['NUL byte in text', pg('22021'), true],
    ['integer out of range', pg('22003'), true],
    ['date out of range', pg('22008'), true],
    ['wrapped by drizzle', Object.assign(new Error('Failed query'), { cause: pg('22P02') }), true],
    ['unique violation', pg('23505'), false],
    ['connection refused', Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }), false],
    ['a plain error', new Error('boom'), false],
    ['not an error', 'text', false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isInvalidInputForDatabase(error)).toBe(expected);
  });
});
