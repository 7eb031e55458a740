import { describe, expect, it } from 'vitest';
import { validateAnswers } from '@/lib/scripts/answers';
import { DEFAULT_BLIND_SCRIPT, DEFAULT_SCRIPT } from '@/lib/scripts/default-scripts';
import { scoreAnswers } from '@/lib/scripts/scoring';
import { CONTACT_STORIES, storyAnswers, storyAt, type ContactStory } from './contact-stories';

const truth = { customer: '华南制造有限公司', contact: '王伟', manager: '陈志强', visitDate: '2026-11-12', visitType: 'on_site' as const, purpose: '专线续约洽谈' };

describe('what the demo contacts say, scored by the shipped scripts', () => {
  it.each<[ContactStory, number, 'valid' | 'invalid', string | null]>([
    ['confirms', 100, 'valid', null],
    ['confirmsPartly', 85, 'valid', null],
    ['contradicts', 45, 'invalid', null],
    ['denies', 10, 'invalid', 'visited'],
  ])('standard script: %s → %i, %s', (story, score, result, knockedOut) => {
    const answers = storyAnswers(DEFAULT_SCRIPT, truth, story);
    expect(validateAnswers(DEFAULT_SCRIPT, answers, { today: '2026-12-01' }).issues).toEqual([]);
    expect(scoreAnswers(DEFAULT_SCRIPT, answers, { report: truth, threshold: 60 })).toMatchObject({ score, result, knockedOut });
  });

  it.each<[ContactStory, 'valid' | 'invalid']>([
    ['confirms', 'valid'],
    ['confirmsPartly', 'valid'],
    ['contradicts', 'invalid'],
    ['denies', 'invalid'],
  ])('blind script: %s → %s, the answers on the flow', (story, result) => {
    const answers = storyAnswers(DEFAULT_BLIND_SCRIPT, truth, story);
    expect(validateAnswers(DEFAULT_BLIND_SCRIPT, answers, { today: '2026-12-01' }).issues).toEqual([]);
    expect(scoreAnswers(DEFAULT_BLIND_SCRIPT, answers, { report: truth, threshold: 60 }).result).toBe(result);
  });

  it('a denial skips to the remarks: nothing is asked in between', () => {
    expect(Object.keys(storyAnswers(DEFAULT_SCRIPT, truth, 'denies'))).toEqual(['identity', 'visited', 'remarks']);
  });

  it.each<['confirmed' | 'doubtful', number, number]>([
    ['confirmed', 0, 10],
    ['doubtful', 4, 6],
  ])('every twelve callbacks of a %s manager: %i invalid, %i confirmed, one called back later, one refused', (manager, invalid, confirmed) => {
    const twelve = Array.from({ length: 12 }, (_, n) => storyAt(manager, n));
    expect(twelve).toEqual(CONTACT_STORIES[manager]);
    expect(storyAt(manager, 12)).toBe(storyAt(manager, 0));
    const count = (...s: ContactStory[]) => twelve.filter((x) => s.includes(x)).length;
    expect([count('denies', 'contradicts'), count('confirms', 'confirmsPartly'), count('callsBackLater'), count('refuses')]).toEqual([invalid, confirmed, 1, 1]);
  });
});
