import { describe, expect, it } from 'vitest';
import type { Answers, VisitContext } from './definition';
import { compareWithReport, daysApart, scoreAnswers, type ComparisonStatus } from './scoring';
import { opt, question, sampleDefinition } from './test-fixtures';

const REPORT: VisitContext = { customer: '示例公司', contact: '王主任', manager: '陈志强', visitDate: '2026-11-03', visitType: 'on_site', purpose: '续约洽谈' };
const def = sampleDefinition();
const best: Answers = { identity: 'yes', visited: 'yes', channel: 'on_site', topics: ['a', 'b', 'c'], satisfaction: '5' };

describe('scoreAnswers', () => {
  it.each<[string, Answers, { score: number; result: 'valid' | 'invalid'; knockedOut?: string | null; outcome?: string | null }]>([
    ['every best answer: the maximum, 100', best, { score: 100, result: 'valid', knockedOut: null, outcome: 'completed' }],
    ['exactly 60 is valid', { identity: 'yes', visited: 'yes', channel: 'on_site', satisfaction: '1' }, { score: 60, result: 'valid' }],
    ['59 is invalid', { identity: 'yes', visited: 'yes', channel: 'on_site', topics: ['x'], satisfaction: '1' }, { score: 59, result: 'invalid', knockedOut: null }],
    ['multiple choice sums the selected options (5 + 10 − 1)', { identity: 'yes', visited: 'yes', channel: 'phone', topics: ['a', 'c', 'x'], satisfaction: '3' }, { score: 64, result: 'valid' }],
    ['channel not matching the report earns nothing', { identity: 'yes', visited: 'yes', channel: 'phone', topics: ['a', 'b', 'c'], satisfaction: '5' }, { score: 80, result: 'valid' }],
    ['"don\'t remember" earns nothing', { identity: 'yes', visited: 'yes', channel: 'unsure', topics: ['c'], satisfaction: '4' }, { score: 65, result: 'valid' }],
    ['visit denied: knock-out, jumps to the notes', { identity: 'yes', visited: 'no', notes: '没见过这个人' }, { score: 10, result: 'invalid', knockedOut: 'visited', outcome: 'completed' }],
    ['a knock-out makes a full score invalid', { ...best, topics: ['a', 'b', 'c', 'k'] }, { score: 100, result: 'invalid', knockedOut: 'topics' }],
    ['wrong person ends the call', { identity: 'no' }, { score: 0, result: 'invalid', knockedOut: null, outcome: 'wrong_person' }],
    ['answers off the path are not counted', { identity: 'no', visited: 'yes', channel: 'on_site' }, { score: 0, result: 'invalid', outcome: 'wrong_person' }],
    ['missing answers: no outcome yet', { identity: 'yes', visited: 'yes' }, { score: 40, result: 'invalid', outcome: null }],
  ])('%s', (_name, answers, expected) => {
    const scored = scoreAnswers(def, answers, { report: REPORT, threshold: 60 });
    expect(scored).toMatchObject({ maxScore: 100, ...expected });
  });

  it.each([
    [59, 'valid'],
    [60, 'valid'],
    [61, 'invalid'],
  ] as const)('threshold %d on a score of 60 → %s', (threshold, result) => {
    const scored = scoreAnswers(def, { identity: 'yes', visited: 'yes', channel: 'on_site', satisfaction: '1' }, { report: REPORT, threshold });
    expect(scored.result).toBe(result);
  });

  it('records the points of each answered question', () => {
    const scored = scoreAnswers(def, best, { report: REPORT, threshold: 60 });
    expect(scored.points).toEqual({ identity: 10, visited: 30, channel: 20, topics: 20, satisfaction: 20 });
  });

  it('keeps the score within 0–100', () => {
    const negative = { questions: [question('q', 'single', [opt('bad', -30), opt('good', 100)])] };
    expect(scoreAnswers(negative, { q: 'bad' }, { report: REPORT, threshold: 60 }).score).toBe(0);
    const generous = { questions: [question('q', 'multiple', [opt('a', 80), opt('b', 80)])] };
    expect(scoreAnswers(generous, { q: ['a', 'b'] }, { report: REPORT, threshold: 60 }).score).toBe(100);
  });

  it('a jump skips the questions between (their points are not reachable)', () => {
    const jumpy = {
      questions: [
        question('start', 'single', [opt('fast', 50, { jump: 'last' }), opt('slow', 0)]),
        question('middle', 'yes_no', [opt('yes', 50), opt('no', 0)]),
        question('last', 'yes_no', [opt('yes', 50), opt('no', 0)]),
      ],
    };
    expect(scoreAnswers(jumpy, { start: 'fast', last: 'yes' }, { report: REPORT, threshold: 60 })).toMatchObject({ score: 100, outcome: 'completed' });
    expect(scoreAnswers(jumpy, { start: 'fast', middle: 'yes', last: 'yes' }, { report: REPORT, threshold: 60 }).score).toBe(100);
    expect(scoreAnswers(jumpy, { start: 'slow', middle: 'yes', last: 'no' }, { report: REPORT, threshold: 60 })).toMatchObject({ score: 50, result: 'invalid' });
  });
});

describe('compareWithReport (blind mode)', () => {
  const blind = {
    questions: [
      question('when', 'date', [], { required: false, compare: { field: 'visitDate', points: 20, toleranceDays: 3 } }),
      question('how', 'single', [opt('on_site', 0, { value: 'on_site' }), opt('phone', 0, { value: 'phone' }), opt('unsure', 0)], {
        required: false,
        compare: { field: 'visitType', points: 20 },
      }),
      question('what', 'text', [], { required: false, compare: { field: 'purpose', points: 0 } }),
    ],
  };

  it.each<[string, Answers, VisitContext, ComparisonStatus, number]>([
    ['same day', { when: '2026-11-03' }, REPORT, 'match', 20],
    ['3 days later is within the tolerance', { when: '2026-11-06' }, REPORT, 'match', 20],
    ['3 days earlier, across a month', { when: '2026-10-31' }, REPORT, 'match', 20],
    ['4 days off', { when: '2026-11-07' }, REPORT, 'mismatch', 0],
    ['not remembered', {}, REPORT, 'unanswered', 0],
    ['no reported day to compare with', { when: '2026-11-03' }, { ...REPORT, visitDate: null }, 'noReport', 0],
  ])('visit date: %s', (_name, answers, report, status, points) => {
    const [entry] = compareWithReport(blind, answers, report).filter((e) => e.field === 'visitDate');
    expect(entry).toMatchObject({ questionId: 'when', status, points, reported: report.visitDate ?? null });
  });

  it('a tolerance of 0 needs the very day', () => {
    const strict = { questions: [question('when', 'date', [], { compare: { field: 'visitDate', points: 10 } })] };
    expect(compareWithReport(strict, { when: '2026-11-03' }, REPORT)[0].status).toBe('match');
    expect(compareWithReport(strict, { when: '2026-11-04' }, REPORT)[0].status).toBe('mismatch');
  });

  it.each<[string, string | undefined, VisitContext['visitType'], ComparisonStatus, number]>([
    ['on site, reported on site', 'on_site', 'on_site', 'match', 20],
    ['phone, reported on site', 'phone', 'on_site', 'mismatch', 0],
    ['phone, reported phone', 'phone', 'phone', 'match', 20],
    ['does not remember', 'unsure', 'phone', 'mismatch', 0],
    ['no answer', undefined, 'phone', 'unanswered', 0],
  ])('visit type: %s', (_name, answer, reported, status, points) => {
    const entries = compareWithReport(blind, answer ? { how: answer } : {}, { ...REPORT, visitType: reported });
    expect(entries.find((e) => e.field === 'visitType')).toMatchObject({ questionId: 'how', status, points, reported });
  });

  it('purpose is recorded for review without points', () => {
    const entries = compareWithReport(blind, { what: '谈了专线续约' }, REPORT);
    expect(entries.find((e) => e.field === 'purpose')).toEqual({ questionId: 'what', field: 'purpose', status: 'review', answer: '谈了专线续约', reported: '续约洽谈', points: 0 });
  });

  it('compared points count towards the score', () => {
    const scored = scoreAnswers(blind, { when: '2026-11-05', how: 'on_site', what: '续约' }, { report: REPORT, threshold: 60 });
    expect(scored.score).toBe(40);
    expect(scored.comparison.map((e) => e.status)).toEqual(['match', 'match', 'review']);
  });

  it.each([
    ['2026-11-03', '2026-11-03', 0],
    ['2026-11-01', '2026-10-29', 3],
    ['2024-02-28', '2024-03-01', 2],
    ['nonsense', '2026-11-03', null],
  ])('daysApart(%s, %s) = %s', (a, b, expected) => {
    expect(daysApart(a, b)).toBe(expected);
  });
});
