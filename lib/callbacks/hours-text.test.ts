import { describe, expect, it } from 'vitest';
import { weekdayRuns, windowsText } from './hours-text';

describe('calling hours as agents read them', () => {
  it.each([
    [[1, 2, 3, 4, 5], [[1, 5]]],
    [[1, 2, 3, 4, 5, 6, 7], [[1, 7]]],
    [[7, 1, 2, 3, 4, 5], [[1, 5], [7, 7]]],
    [[1, 3, 5], [[1, 1], [3, 3], [5, 5]]],
    [[6, 6, 7], [[6, 7]]],
  ])('weekdays %j run as %j', (days, runs) => {
    expect(weekdayRuns(days)).toEqual(runs);
  });

  it('lists the windows in order with the separator given', () => {
    const windows = [
      { start: '09:00', end: '12:00' },
      { start: '14:00', end: '18:00' },
    ];
    expect(windowsText(windows)).toBe('09:00–12:00, 14:00–18:00');
    expect(windowsText(windows, '、')).toBe('09:00–12:00、14:00–18:00');
  });
});
