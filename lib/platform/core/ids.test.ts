import { describe, expect, it } from 'vitest';
import { idSchema, isId } from './ids';
import { parseInput } from './parse-input';

describe('ids', () => {
  it.each([
    ['a database id', '0b7f3c52-3a1e-4a8e-9d0e-1c2b3a4d5e6f', true],
    ['upper case', '0B7F3C52-3A1E-4A8E-9D0E-1C2B3A4D5E6F', true],
    ['any version (fixtures)', '00000000-0000-0000-0000-000000000001', true],
    ['a group code', 'A1', false],
    ['an id with SQL after it', "0b7f3c52-3a1e-4a8e-9d0e-1c2b3a4d5e6f' or 1=1", false],
    ['a number', 42, false],
  ])('%s → %s', (_, value, ok) => {
    expect(isId(value)).toBe(ok);
  });

  it('a field that is no id is named with a catalogue key; a blank one is missing', () => {
    expect(() => parseInput(idSchema, 'x')).toThrow(expect.objectContaining({ issues: [{ field: '', code: 'invalidValue' }] }));
    expect(() => parseInput(idSchema, ' ')).toThrow(expect.objectContaining({ issues: expect.arrayContaining([{ field: '', code: 'required' }]) }));
    expect(parseInput(idSchema, ' 0b7f3c52-3a1e-4a8e-9d0e-1c2b3a4d5e6f ')).toBe('0b7f3c52-3a1e-4a8e-9d0e-1c2b3a4d5e6f');
  });
});
