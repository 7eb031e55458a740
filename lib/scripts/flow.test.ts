import { describe, expect, it } from 'vitest';
import type { Answers } from './definition';
import { activeQuestion, computePath, questionAfter, shownQuestions } from './flow';
import { sampleDefinition } from './test-fixtures';

/**
 * What the agent sees and where the keyboard is, as the answers change (the shared script flow of
 * the desk and the script preview). sampleDefinition: identity → visited → channel → topics
 * (optional) → satisfaction → notes (optional); "identity: no" ends the call, "visited: no" jumps
 * to notes.
 */
const def = sampleDefinition();
const path = (answers: Answers) => computePath(def, answers);

describe('shownQuestions', () => {
  it.each([
    ['nothing answered: the first question only', {}, ['identity']],
    ['identity answered: up to visited', { identity: 'yes' }, ['identity', 'visited']],
    ['the optional topics is passed on the way to satisfaction', { identity: 'yes', visited: 'yes', channel: 'phone' }, ['identity', 'visited', 'channel', 'topics', 'satisfaction']],
    ['a jump: visited no → notes, the whole path once nothing is missing', { identity: 'yes', visited: 'no' }, ['identity', 'visited', 'notes']],
    ['an end: identity no ends the call there', { identity: 'no', visited: 'yes' }, ['identity']],
  ] as [string, Answers, string[]][])('%s', (_name, answers, expected) => {
    expect(shownQuestions(path(answers))).toEqual(expected);
  });
});

describe('activeQuestion', () => {
  it.each([
    ['nothing chosen: where the flow waits', { identity: 'yes' }, null, 'visited'],
    ['a shown question chosen (an earlier one, to change it)', { identity: 'yes', visited: 'yes' }, 'identity', 'identity'],
    // 重新开始: the answers are gone, the question chosen before is no longer shown — the keyboard is back on question 1.
    ['after a restart the last question chosen does not keep the keyboard', {}, 'channel', 'identity'],
    ['a changed answer moves the waiting point back before the question chosen', { identity: 'yes' }, 'satisfaction', 'visited'],
    ['a question off the path (jumped over) is not kept', { identity: 'yes', visited: 'no' }, 'channel', 'identity'],
  ] as [string, Answers, string | null, string][])('%s', (_name, answers, chosen, expected) => {
    expect(activeQuestion(path(answers), chosen)).toBe(expected);
  });
});

describe('questionAfter', () => {
  it.each([
    ['the next question in the list', { identity: 'yes' }, 'identity', 'visited'],
    ['the question a chosen option jumps to', { identity: 'yes', visited: 'no' }, 'visited', 'notes'],
    ['an optional question on the way', { identity: 'yes', visited: 'yes', channel: 'phone' }, 'channel', 'topics'],
    ['the question itself when its option ends the call', { identity: 'no' }, 'identity', 'identity'],
    ['the question itself at the end of the list', { identity: 'yes', visited: 'yes', channel: 'phone', satisfaction: '5', notes: '好' }, 'notes', 'notes'],
  ] as [string, Answers, string, string][])('%s', (_name, answers, from, expected) => {
    expect(questionAfter(def, answers, from)).toBe(expected);
  });
});
