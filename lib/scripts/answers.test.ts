import { describe, expect, it } from 'vitest';
import { isCalendarDay, normalizeAnswer, validateAnswers } from './answers';
import type { ScriptDefinition } from './definition';
import { computePath, pruneAnswers } from './flow';
import { opt, question, sampleDefinition } from './test-fixtures';

const def: ScriptDefinition = {
  questions: [
    ...sampleDefinition().questions.slice(0, 5),
    question('employees', 'number', [], { required: false, min: 0, max: 100000 }),
    question('met_on', 'date', [], { required: false }),
    question('notes', 'text', [], { required: false }),
  ],
};
const good = { identity: 'yes', visited: 'yes', channel: 'on_site', satisfaction: '4' };
const TODAY = '2026-11-20';
const issuesOf = (answers: Record<string, unknown>) => validateAnswers(def, answers, { today: TODAY }).issues.map((i) => `${i.questionId}:${i.code}`);

describe('validateAnswers', () => {
  it('accepts answers that fit, normalised and on the path', () => {
    const report = validateAnswers(def, { ...good, topics: ['c', 'a'], employees: '120', met_on: '2026-11-03', notes: '  很好  ' }, { today: TODAY });
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.answers).toEqual({ ...good, topics: ['a', 'c'], employees: 120, met_on: '2026-11-03', notes: '很好' });
    expect(report.path.outcome).toBe('completed');
  });

  it.each<[string, Record<string, unknown>, string[]]>([
    ['an unknown question', { ...good, bogus: 'yes' }, ['bogus:unknownQuestion']],
    ['an option not in the question', { ...good, channel: 'email' }, ['channel:unknownOption']],
    ['an option of multiple choice not in the question', { ...good, topics: ['a', 'zz'] }, ['topics:unknownOption']],
    ['a rating out of 1–5', { ...good, satisfaction: '6' }, ['satisfaction:answerOutOfRange']],
    ['a rating as a number is read as its option', { ...good, satisfaction: 5 }, []],
    ['a number out of range', { ...good, employees: -3 }, ['employees:answerOutOfRange']],
    ['a number that is not one', { ...good, employees: 'many' }, ['employees:answerType']],
    ['a day that does not exist', { ...good, met_on: '2026-02-30' }, ['met_on:badDate']],
    ['a day after today', { ...good, met_on: '2026-11-21' }, ['met_on:dateInFuture']],
    ['a list for a single choice', { ...good, channel: ['on_site'] }, ['channel:answerType']],
    ['text too long', { ...good, notes: 'x'.repeat(2001) }, ['notes:answerTooLong']],
    ['a missing required answer', { identity: 'yes', visited: 'yes', satisfaction: '4' }, ['channel:missingAnswer']],
    ['every missing required answer at once', { identity: 'yes' }, ['visited:missingAnswer', 'channel:missingAnswer', 'satisfaction:missingAnswer']],
    ['an answer to a question the path skipped (visit denied → notes)', { identity: 'yes', visited: 'no', channel: 'phone' }, ['channel:notOnPath']],
    ['answers after the call ended (wrong person)', { identity: 'no', visited: 'yes' }, ['visited:notOnPath']],
    ['nothing at all', {}, ['identity:missingAnswer', 'visited:missingAnswer', 'channel:missingAnswer', 'satisfaction:missingAnswer']],
    ['blank answers count as not given', { ...good, channel: '  ' }, ['channel:missingAnswer']],
  ])('refuses %s', (_name, answers, expected) => {
    expect(issuesOf(answers)).toEqual(expected);
  });

  it('names the question and its position', () => {
    const [issue] = validateAnswers(def, { ...good, channel: 'email' }).issues;
    expect(issue).toEqual({ code: 'unknownOption', questionId: 'channel', params: { question: 'channel', n: 3, option: 'email' } });
  });

  it('a wrong-person call needs nothing after identity', () => {
    const report = validateAnswers(def, { identity: 'no' });
    expect(report).toMatchObject({ ok: true, answers: { identity: 'no' } });
    expect(report.path).toMatchObject({ outcome: 'wrong_person', endedBy: 'identity', endedByOption: 'no', questionIds: ['identity'] });
  });
});

describe('normalizeAnswer', () => {
  it.each<[string, Parameters<typeof normalizeAnswer>[1], unknown]>([
    ['null', null, undefined],
    ['empty list', [], undefined],
    ['duplicates', ['b', 'a', 'b'], ['a', 'b']],
  ])('multiple choice: %s', (_name, raw, expected) => {
    const q = question('m', 'multiple', [opt('a', 1), opt('b', 1)]);
    expect(normalizeAnswer(q, raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-5', false],
    ['1899-12-31', false],
  ])('isCalendarDay(%s) = %s', (day, expected) => {
    expect(isCalendarDay(day)).toBe(expected);
  });
});

describe('computePath', () => {
  const sample = sampleDefinition();
  it.each<[string, Record<string, string | string[]>, string[], string | null, string | null]>([
    ['nothing answered: waits at the first question', {}, ['identity', 'visited', 'channel', 'topics', 'satisfaction', 'notes'], 'identity', null],
    ['wrong person ends at once', { identity: 'no' }, ['identity'], null, 'wrong_person'],
    ['visit denied jumps to the notes', { identity: 'yes', visited: 'no' }, ['identity', 'visited', 'notes'], null, 'completed'],
    ['the whole list', { identity: 'yes', visited: 'yes', channel: 'phone', satisfaction: '3' }, ['identity', 'visited', 'channel', 'topics', 'satisfaction', 'notes'], null, 'completed'],
    ['waits at the first unanswered required question', { identity: 'yes', visited: 'yes' }, ['identity', 'visited', 'channel', 'topics', 'satisfaction', 'notes'], 'channel', null],
  ])('%s', (_name, answers, ids, current, outcome) => {
    const path = computePath(sample, answers);
    expect(path.questionIds).toEqual(ids);
    expect(path.current).toBe(current);
    expect(path.outcome).toBe(outcome);
  });

  it('pruneAnswers drops answers a changed choice left behind', () => {
    expect(pruneAnswers(sample, { identity: 'yes', visited: 'no', channel: 'phone', topics: ['a'], notes: '否认' })).toEqual({ identity: 'yes', visited: 'no', notes: '否认' });
    expect(pruneAnswers(sample, { identity: 'no', visited: 'yes', notes: '' })).toEqual({ identity: 'no' });
  });
});
