import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeRows, jsonChunks, RowShapeError, textArrayLiteral } from './sql';

/** A claim period as coverage reads it (lib/coverage/load.ts). */
const claimRow = z.object({ m: z.string(), c: z.string(), f: z.union([z.date(), z.string()]), t: z.union([z.date(), z.string()]).nullable() });

describe('decodeRows', () => {
  it('hands back rows that fit, typed by the schema', () => {
    const found = [
      { m: 'manager-1', c: 'customer-1', f: '2026-10-01T00:00:00+08', t: null },
      { m: 'manager-1', c: 'customer-2', f: '2026-10-03T00:00:00+08', t: '2026-10-20T00:00:00+08' },
    ];
    expect(decodeRows(claimRow, found)).toEqual(found);
  });

  it('stops at a renamed column, naming the row and the column the reader expected', () => {
    // The query renamed `customer_id as c` to `customer_id as customer`: a cast would let it through.
    const found = [
      { m: 'manager-1', c: 'customer-1', f: '2026-10-01T00:00:00+08', t: null },
      { m: 'manager-1', customer: 'customer-2', f: '2026-10-03T00:00:00+08', t: null },
    ];
    expect(() => decodeRows(claimRow, found)).toThrow(RowShapeError);
    expect(() => decodeRows(claimRow, found)).toThrow(/row 1 .*column "c".*expected string.*"m", "customer", "f", "t"/);
  });

  it.each([
    { what: 'a number read as text (a bigint count)', row: { m: 'x', n: '3' }, column: 'n' },
    { what: 'a value outside the enum', row: { m: 'x', n: 3, type: 'visit' }, column: 'type' },
    { what: 'a null where the column may not be null', row: { m: null, n: 3 }, column: 'm' },
  ])('stops at $what', ({ row, column }) => {
    const schema = z.object({ m: z.string(), n: z.number(), type: z.enum(['on_site', 'phone']).optional() });
    const error = (() => {
      try {
        decodeRows(schema, [row]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(RowShapeError);
    expect(error).toMatchObject({ row: 0, column });
  });
});

describe('textArrayLiteral', () => {
  it.each([
    { values: [], literal: '{}' },
    { values: ['G001', 'g002'], literal: '{"G001","g002"}' },
    { values: ['A,B', '{x}', ' spaced ', ''], literal: '{"A,B","{x}"," spaced ",""}' },
    { values: ['say "hi"', 'back\\slash', 'NULL'], literal: '{"say \\"hi\\"","back\\\\slash","NULL"}' },
  ])('quotes every element: $literal', ({ values, literal }) => {
    expect(textArrayLiteral(values)).toBe(literal);
  });
});

describe('jsonChunks', () => {
  it('splits rows into JSON arrays under the size, in order, a row never split', () => {
    const rows = Array.from({ length: 10 }, (_, i) => ({ i, name: '客户'.repeat(i) }));
    const chunks = jsonChunks(rows, 60);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.length <= 60 || JSON.parse(chunk).length === 1).toBe(true);
    expect(chunks.flatMap((c) => JSON.parse(c) as unknown[])).toEqual(rows);
  });

  it('gives one array for rows that fit, none for no rows', () => {
    expect(jsonChunks([{ a: 1 }, { a: null }])).toEqual(['[{"a":1},{"a":null}]']);
    expect(jsonChunks([])).toEqual([]);
  });
});
