import { describe, expect, it } from 'vitest';
import { missingReportFields, planCompletion, recordCompleteness, reportsOnTime, type ReportFacts } from './manager-rules';

const full: ReportFacts = { hasContact: true, hasPurpose: true, hasSummary: true, onSite: true, hasCheckIn: true };

describe('what a complete report holds', () => {
  it.each([
    [full, []],
    [{ ...full, hasCheckIn: false }, ['checkIn']],
    [{ ...full, onSite: false, hasCheckIn: false }, []],
    [{ ...full, hasSummary: false }, ['summary']],
    [{ hasContact: false, hasPurpose: false, hasSummary: false, onSite: true, hasCheckIn: false }, ['contact', 'purpose', 'summary', 'checkIn']],
  ] as const)('%o misses %o', (facts, missing) => {
    expect(missingReportFields(facts)).toEqual(missing);
  });
});

describe('record completeness over groups of reports', () => {
  it('5 complete on site, 3 phone without summary, 2 on site without check-in: 5 of 10', () => {
    const r = recordCompleteness([
      { facts: full, reports: 5 },
      { facts: { ...full, onSite: false, hasCheckIn: false, hasSummary: false }, reports: 3 },
      { facts: { ...full, hasCheckIn: false }, reports: 2 },
    ]);
    expect(r.reports).toBe(10);
    expect(r.complete.value).toBe(0.5);
    expect(r.missing).toEqual({ contact: 0, purpose: 0, summary: 3, checkIn: 2 });
  });

  it('no reports: not measured', () => {
    expect(recordCompleteness([]).complete.value).toBeNull();
  });
});

describe('plan completion and reports on time', () => {
  it.each([
    [3, 4, 0.75],
    [0, 0, null],
  ])('%i done of %i planned → %s', (done, planned, value) => {
    expect(planCompletion(done, planned).value).toBe(value);
  });

  it.each([
    [1, 4, 0.75],
    [0, 0, null],
  ])('%i late of %i reports → on time %s', (late, reports, value) => {
    expect(reportsOnTime(late, reports).value).toBe(value);
  });
});
