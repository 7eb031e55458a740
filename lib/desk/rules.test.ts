import { describe, expect, it } from 'vitest';
import type { CallOutcome } from '@/lib/scripts/definition';
import { sampleDefinition } from '@/lib/scripts/test-fixtures';
import { checkUnfinishedAnswers, isRepeatOf, isScoredOutcome, resolveOutcome, scorePartial } from './rules';

const def = sampleDefinition();
const TODAY = '2026-11-20';
const issues = (answers: Record<string, unknown>) => checkUnfinishedAnswers(def, answers, TODAY).issues.map((i) => `${i.questionId}:${i.code}`);

describe('checkUnfinishedAnswers (drafts and partial interviews)', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['nothing yet', {}, []],
    ['the first answers of an unfinished flow', { identity: 'yes', visited: 'yes' }, []],
    ['an unknown question', { identity: 'yes', bogus: 'x' }, ['bogus:unknownQuestion']],
    ['an option not in the question', { identity: 'maybe' }, ['identity:unknownOption']],
    ['a rating out of range', { identity: 'yes', visited: 'yes', channel: 'phone', satisfaction: '9' }, ['satisfaction:answerOutOfRange']],
    ['a list for a single choice', { identity: ['yes'] }, ['identity:answerType']],
    ['text too long', { identity: 'yes', visited: 'no', notes: 'x'.repeat(2001) }, ['notes:answerTooLong']],
  ])('%s', (_name, answers, expected) => {
    expect(issues(answers)).toEqual(expected);
  });

  it('drops answers a changed choice left off the path, without refusing them', () => {
    // "Not visited" jumps to the notes: the channel answered before is no longer asked.
    const checked = checkUnfinishedAnswers(def, { identity: 'yes', visited: 'no', channel: 'phone', notes: ' 没来过 ' }, TODAY);
    expect(checked.issues).toEqual([]);
    expect(checked.answers).toEqual({ identity: 'yes', visited: 'no', notes: '没来过' });
    expect(checked.pathOutcome).toBe('completed');
  });

  it('knows when the flow ended the call with an outcome', () => {
    expect(checkUnfinishedAnswers(def, { identity: 'no' }, TODAY).pathOutcome).toBe('wrong_person');
    expect(checkUnfinishedAnswers(def, { identity: 'yes' }, TODAY).pathOutcome).toBeNull();
  });
});

describe('scorePartial', () => {
  it.each<[string, Record<string, string>, number, 'valid' | 'invalid']>([
    ['identity and visit confirmed: 40 of 100', { identity: 'yes', visited: 'yes' }, 40, 'invalid'],
    ['up to the channel, matching the report: 60', { identity: 'yes', visited: 'yes', channel: 'on_site' }, 60, 'valid'],
    ['a knock-out makes it invalid', { identity: 'yes', visited: 'no' }, 10, 'invalid'],
  ])('%s', (_name, answers, score, result) => {
    const scored = scorePartial(def, answers, { report: { visitType: 'on_site' }, threshold: 60 });
    expect({ score: scored.score, result: scored.result }).toEqual({ score, result });
  });
});

describe('resolveOutcome', () => {
  it.each<[CallOutcome, CallOutcome | null, CallOutcome]>([
    ['completed', 'completed', 'completed'],
    ['completed', 'wrong_person', 'wrong_person'],
    ['completed', 'refused', 'refused'],
    ['partial', 'completed', 'completed'],
    ['partial', null, 'partial'],
    ['partial', 'appointment', 'appointment'],
    ['refused', 'completed', 'refused'],
    ['no_answer', null, 'no_answer'],
    ['appointment', 'wrong_person', 'appointment'],
  ])('%s with the flow at %s → %s', (requested, path, stored) => {
    expect(resolveOutcome(requested, path)).toBe(stored);
  });
});

describe('isRepeatOf', () => {
  it.each<[CallOutcome, CallOutcome, boolean]>([
    ['completed', 'completed', true],
    ['completed', 'wrong_person', true],
    ['partial', 'completed', true],
    ['no_answer', 'no_answer', true],
    ['completed', 'no_answer', false],
    ['completed', 'technical_failure', false],
    ['busy', 'no_answer', false],
    ['refused', 'completed', false],
  ])('a %s submit against a stored %s attempt → %s', (requested, stored, repeat) => {
    expect(isRepeatOf(requested, stored)).toBe(repeat);
  });
  it('scored outcomes are completed and partial', () => {
    expect(['completed', 'partial', 'refused'].map((o) => isScoredOutcome(o as CallOutcome))).toEqual([true, true, false]);
  });
});
