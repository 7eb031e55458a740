import { describe, expect, it } from 'vitest';
import type { Finding } from './rules';
import { diffFindings, type StoredFinding } from './store';

const late = (hours: number): Finding => ({ code: 'late_report', severity: 'flag', params: { hours, deadline: 24 } });
const odd: Finding = { code: 'odd_hours', severity: 'flag', params: { time: '23:30', start: '07:00', end: '22:00' } };

describe('replacing a visit’s findings', () => {
  it('writes nothing when the findings are the same (parameters compared whatever their key order)', () => {
    const stored = new Map([['v', [{ code: 'late_report', severity: 'flag' as const, params: { deadline: 24, hours: 30 } }]]]);
    expect(diffFindings(new Map([['v', [late(30)]]]), stored)).toEqual({ removed: [], upserted: [] });
  });
  it('adds new findings, rewrites changed ones and removes those no longer found', () => {
    const stored = new Map<string, StoredFinding[]>([['v', [{ code: 'late_report', severity: 'flag', params: { hours: 30, deadline: 24 } }, { code: 'duplicate', severity: 'flag', params: { others: 1 } }]]]);
    expect(diffFindings(new Map([['v', [late(31), odd]]]), stored)).toEqual({
      removed: [{ visitId: 'v', code: 'duplicate' }],
      upserted: [
        { visitId: 'v', finding: late(31) },
        { visitId: 'v', finding: odd },
      ],
    });
  });
  it('leaves visits it was not given alone', () => {
    const stored = new Map([['other', [{ code: 'duplicate', severity: 'flag' as const, params: { others: 1 } }]]]);
    expect(diffFindings(new Map([['v', []]]), stored)).toEqual({ removed: [], upserted: [] });
  });
});
