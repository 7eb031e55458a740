import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { halfDayOf, isWithinCallingHours } from './calendar';
import { nextRetryInstant } from './retry';
import { at, DEFAULT_CALENDAR as DEFAULT, DEFAULT_RETRY, local, SH } from './test-support';

const SPREAD = { retrySpacingMinutes: DEFAULT_RETRY.retrySpacingMinutes, retryDifferentHalfDay: DEFAULT_RETRY.retryDifferentHalfDay };
const SPACING_ONLY = { retrySpacingMinutes: 120, retryDifferentHalfDay: false };

describe('nextRetryInstant (2026-11-27 is a Friday)', () => {
  it.each([
    [['2026-11-27 09:10'], SPREAD, DEFAULT, '2026-11-27 14:00', 'morning used → the afternoon'],
    [['2026-11-27 09:10', '2026-11-27 14:05'], SPREAD, DEFAULT, '2026-11-30 09:00', 'both halves of Friday used → Monday morning'],
    [['2026-11-27 15:00'], SPREAD, DEFAULT, '2026-11-30 09:00', 'spacing ends in the used afternoon → next working morning'],
    [['2026-11-26 09:30', '2026-11-26 15:00', '2026-11-27 09:30'], SPREAD, DEFAULT, '2026-11-27 14:00', 'any unused half-day'],
    [['2026-11-27 09:10'], SPACING_ONLY, DEFAULT, '2026-11-27 11:10', 'without the half-day rule: just the spacing'],
    [['2026-11-27 11:00'], SPACING_ONLY, DEFAULT, '2026-11-27 14:00', 'spacing ends in the lunch gap'],
    [['2026-11-27 10:00'], { retrySpacingMinutes: 24 * 60, retryDifferentHalfDay: false }, DEFAULT, '2026-11-30 09:00', 'a day later is Saturday'],
    [['2026-11-30 16:30'], SPREAD, DEFAULT, '2026-12-01 09:00', 'month boundary'],
    [['2026-12-31 15:00'], SPREAD, { ...DEFAULT, holidays: ['2027-01-01'] }, '2027-01-04 09:00', 'year boundary over a holiday'],
    [['2026-10-09 15:00'], SPREAD, { ...DEFAULT, makeUpWorkdays: ['2026-10-10'] }, '2026-10-10 09:00', 'a make-up Saturday'],
  ])('%j → %s (%s)', (attempts, rules, calendar, expected) => {
    expect(local(nextRetryInstant(attempts.map(at), calendar, rules, SH))).toBe(expected);
  });

  it('is at least the spacing after the last attempt, inside calling hours, in an unused half-day', () => {
    const start = at('2026-11-23 00:00').getTime();
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 * 24 * 60 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 * 24 * 60 }),
        fc.boolean(),
        (offsets, spacing, spread) => {
          const attempts = offsets.map((m) => new Date(start + m * 60_000));
          const rules = { retrySpacingMinutes: spacing, retryDifferentHalfDay: spread };
          const next = nextRetryInstant(attempts, DEFAULT, rules, SH)!;
          const last = Math.max(...attempts.map((a) => a.getTime()));
          expect(next.getTime()).toBeGreaterThanOrEqual(last + spacing * 60_000);
          expect(isWithinCallingHours(next, DEFAULT, SH)).toBe(true);
          if (spread) expect(attempts.map((a) => halfDayOf(a, SH))).not.toContain(halfDayOf(next, SH));
        },
      ),
      { numRuns: 300 },
    );
  });
});
