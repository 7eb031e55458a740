import { describe, expect, it } from 'vitest';
import type { Finding } from './rules';
import { diffFindings, findingsKey, type StoredFindings } from './store';

const late = (hours: number): Finding => ({ code: 'late_report', severity: 'flag', params: { hours, deadline: 24 } });
const odd: Finding = { code: 'odd_hours', severity: 'flag', params: { time: '23:30', start: '07:00', end: '22:00' } };
const stored = (...findings: Finding[]): StoredFindings => ({ codes: findings.map((f) => f.code), key: findingsKey(findings) });

describe('replacing a visit’s findings', () => {
  it('compares as the database prints jsonb: shorter keys first, whatever the order they were built in', () => {
    expect(findingsKey([late(30)])).toBe('late_report|flag|{"hours": 30, "deadline": 24}');
    expect(findingsKey([odd, late(30)])).toBe(findingsKey([late(30), odd]));
  });
  it('writes nothing when the findings are the same', () => {
    expect(diffFindings(new Map([['v', [late(30)]]]), new Map([['v', stored(late(30))]]))).toEqual({ removed: [], upserted: [] });
    expect(diffFindings(new Map([['v', []]]), new Map())).toEqual({ removed: [], upserted: [] });
  });
  it('rewrites a visit whose findings changed and removes those no longer found', () => {
    const before = stored(late(30), { code: 'duplicate', severity: 'flag', params: { others: 1 } });
    expect(diffFindings(new Map([['v', [late(31), odd]]]), new Map([['v', before]]))).toEqual({
      removed: [{ visitId: 'v', code: 'duplicate' }],
      upserted: [
        { visitId: 'v', finding: late(31) },
        { visitId: 'v', finding: odd },
      ],
    });
  });
  it('leaves visits it was not given alone', () => {
    expect(diffFindings(new Map([['v', []]]), new Map([['other', stored(odd)]]))).toEqual({ removed: [], upserted: [] });
  });
});
