import { describe, expect, it } from 'vitest';
import { backfillHeld, classifyReport, isBeyondLookBack } from './backfill-rules';

const now = new Date('2026-12-03T08:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('isBeyondLookBack', () => {
  it.each([
    { case: 'today', at: ago(0), days: 45, old: false },
    { case: '44 days ago', at: ago(44 * DAY), days: 45, old: false },
    { case: 'exactly 45 days ago', at: ago(45 * DAY), days: 45, old: false },
    { case: '45 days and a millisecond ago', at: ago(45 * DAY + 1), days: 45, old: true },
    { case: '51 days ago', at: ago(51 * DAY), days: 45, old: true },
    { case: '51 days ago under a 60-day look-back', at: ago(51 * DAY), days: 60, old: false },
  ])('$case → $old', ({ at, days, old }) => expect(isBeyondLookBack(at, now, days)).toBe(old));
});

describe('classifyReport', () => {
  it.each([
    { case: 'recent, month open', age: 2 * DAY, closed: false, policy: 'refuse', expected: { kind: 'ordinary' } },
    { case: 'recent, month open, approval policy', age: 2 * DAY, closed: false, policy: 'approval', expected: { kind: 'ordinary' } },
    { case: 'at the look-back, month open', age: 45 * DAY, closed: false, policy: 'refuse', expected: { kind: 'ordinary' } },
    { case: '51 days old (default policy)', age: 51 * DAY, closed: false, policy: 'refuse', expected: { kind: 'refused', reasons: ['tooOld'] } },
    { case: '51 days old (approval)', age: 51 * DAY, closed: false, policy: 'approval', expected: { kind: 'backfill', reasons: ['tooOld'] } },
    { case: 'recent, month closed', age: 3 * DAY, closed: true, policy: 'refuse', expected: { kind: 'refused', reasons: ['monthClosed'] } },
    { case: 'recent, month closed (approval)', age: 3 * DAY, closed: true, policy: 'approval', expected: { kind: 'backfill', reasons: ['monthClosed'] } },
    { case: 'old and month closed', age: 60 * DAY, closed: true, policy: 'refuse', expected: { kind: 'refused', reasons: ['tooOld', 'monthClosed'] } },
    { case: 'old and month closed (approval)', age: 60 * DAY, closed: true, policy: 'approval', expected: { kind: 'backfill', reasons: ['tooOld', 'monthClosed'] } },
  ] as const)('$case', ({ age, closed, policy, expected }) => {
    expect(classifyReport({ visitedAt: ago(age), now, lookBackDays: 45, monthClosed: closed, policy })).toEqual(expected);
  });
});

describe('backfillHeld', () => {
  it.each([
    [null, false],
    [undefined, false],
    ['approved', false],
    ['pending', true],
    ['rejected', true],
  ] as const)('%s → %s', (state, held) => expect(backfillHeld(state)).toBe(held));
});
