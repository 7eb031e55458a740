import { describe, expect, it } from 'vitest';
import { isMachine } from '@/lib/calling/call-record';
import { NO_CONTACT_OUTCOMES } from '@/lib/calling/outcomes';
import { addFound, countByRule, emptyCounts, LISTED_PER_RULE, problemHref, REACHED_OUTCOMES, sortProblems, totalProblems, type IntegrityProblem } from './rules';

const p = (over: Partial<IntegrityProblem>): IntegrityProblem => ({ rule: 'callbackWithoutCall', entityType: 'attempt', entityId: 'a', month: '2026-11', details: {}, ...over });

describe('integrity rules', () => {
  it('no reached outcome is a no-contact one', () => {
    expect(REACHED_OUTCOMES.filter((o) => (NO_CONTACT_OUTCOMES as readonly string[]).includes(o))).toEqual([]);
  });

  // The SQL in queries.ts tells a machine by the AMD event "answered-by:machine…" or "answered-by:fax".
  it.each([
    ['machine_start', true],
    ['machine_end_beep', true],
    ['fax', true],
    ['human', false],
    ['unknown', false],
  ])('answered by %s → machine %s, as the audit reads it', (answeredBy, machine) => {
    expect(isMachine(answeredBy)).toBe(machine);
    expect(answeredBy.startsWith('machine') || answeredBy === 'fax').toBe(machine);
  });

  it('counts every problem found but lists at most LISTED_PER_RULE of a rule', () => {
    const into = { problems: [] as IntegrityProblem[], counts: emptyCounts() };
    const many = Array.from({ length: LISTED_PER_RULE + 5 }, (_, i) => p({ entityId: String(i) }));
    addFound(into, 'callbackWithoutCall', many.slice(0, 150), 150);
    addFound(into, 'callbackWithoutCall', many.slice(150), 55);
    addFound(into, 'inactiveHolder', [p({ rule: 'inactiveHolder', entityType: 'task' })], 1);
    expect(into.counts.callbackWithoutCall).toBe(205);
    expect(into.problems.filter((x) => x.rule === 'callbackWithoutCall')).toHaveLength(LISTED_PER_RULE);
    expect(totalProblems(into.counts)).toBe(206);
    expect(countByRule(into.problems)).toMatchObject({ callbackWithoutCall: LISTED_PER_RULE, inactiveHolder: 1, ledgerMismatch: 0 });
  });

  it('orders problems by rule, then month, then entity', () => {
    const sorted = sortProblems([
      p({ rule: 'inactiveHolder', entityId: 'z' }),
      p({ rule: 'callbackWithoutCall', month: '2026-11', entityId: 'b' }),
      p({ rule: 'callbackWithoutCall', month: '2026-10', entityId: 'c' }),
      p({ rule: 'callbackWithoutCall', month: '2026-11', entityId: 'a' }),
    ]);
    expect(sorted.map((x) => `${x.rule}:${x.month}:${x.entityId}`)).toEqual([
      'callbackWithoutCall:2026-10:c',
      'callbackWithoutCall:2026-11:a',
      'callbackWithoutCall:2026-11:b',
      'inactiveHolder:2026-11:z',
    ]);
  });

  it.each([
    [p({ details: { visitId: 'v1' } }), '/visits/v1'],
    [p({ rule: 'ledgerMismatch', entityType: 'ledger', details: { managerId: 'm1', visitId: null } }), '/assessment/2026-11/managers/m1'],
    [p({ rule: 'closedMonthDrift', entityType: 'assessment', details: { managerId: 'm2' } }), '/assessment/2026-11/managers/m2'],
    [p({ rule: 'inactiveHolder', entityType: 'task', details: { visitId: 'v1' } }), '/queue'],
    [p({ rule: 'waivedWithoutDecision', entityType: 'dispute', entityId: 'd1', details: { visitId: 'v1' } }), '/disputes/d1'],
    [p({ rule: 'waivedWithoutDecision', entityType: 'verdict', entityId: '7', details: { visitId: 'v9' } }), '/visits/v9'],
    [p({ details: {} }), null],
  ])('a problem links to where staff look at it (%#)', (problem, href) => {
    expect(problemHref(problem)).toBe(href);
  });
});
