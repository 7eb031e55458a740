import { describe, expect, it } from 'vitest';
import { policyDefinitions } from '@/lib/policy/definitions';
import { callingForm, dayList, toFormValues, toPolicyValue, type CallingFormInput } from './calling-form';

const valid = (): CallingFormInput => toFormValues(policyDefinitions.calling.defaults as never, '2026-12-01');

function issues(input: CallingFormInput) {
  const r = callingForm.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('calling rules form', () => {
  it('accepts the shipped defaults and turns them back into the same policy value', () => {
    const parsed = callingForm.parse(valid());
    expect(toPolicyValue(parsed)).toEqual(policyDefinitions.calling.defaults);
    expect(policyDefinitions.calling.schema.safeParse(toPolicyValue(parsed)).success).toBe(true);
  });

  it.each([
    [{ windows: [{ start: '14:00', end: '12:00' }] }, 'windows.0.end', 'errors.calling.windowEndBeforeStart'],
    [{ windows: [{ start: '09:00', end: '09:00' }] }, 'windows.0.end', 'errors.calling.windowEndBeforeStart'],
    [{ windows: [{ start: '09:00', end: '12:00' }, { start: '11:00', end: '18:00' }] }, 'windows.1.start', 'errors.calling.windowsOverlap'],
    [{ windows: [{ start: '9:00', end: '12:00' }] }, 'windows.0.start', 'errors.calling.timeFormat'],
    [{ windows: [] }, 'windows', 'errors.calling.windowsRequired'],
    [{ weekdays: [] }, 'weekdays', 'errors.calling.weekdaysRequired'],
    [{ holidays: '2026-10-01\n2026-02-30' }, 'holidays', 'errors.calling.badDates'],
    [{ holidays: '2026-10-10', makeUpWorkdays: '2026-10-10' }, 'makeUpWorkdays', 'errors.calling.dayInBothLists'],
    [{ maxAttempts: 0 }, 'maxAttempts', 'errors.calling.maxAttemptsRange'],
    [{ maxAttempts: 2.5 }, 'maxAttempts', 'errors.calling.maxAttemptsRange'],
    [{ retrySpacingMinutes: -5 }, 'retrySpacingMinutes', 'errors.calling.spacingRange'],
    [{ callsPerSecond: 0 }, 'callsPerSecond', 'errors.calling.callsPerSecondRange'],
    [{ leaseSeconds: 10 }, 'leaseSeconds', 'errors.calling.leaseRange'],
    [{ leaseSeconds: Number.NaN }, 'leaseSeconds', 'errors.calling.leaseRange'],
    [{ effectiveFrom: '2026-13-01' }, 'effectiveFrom', 'errors.calling.effectiveFromInvalid'],
  ] as [Partial<CallingFormInput>, string, string][])('refuses %j at %s', (change, field, message) => {
    expect(issues({ ...valid(), ...change })).toContainEqual([field, message]);
  });

  it('accepts a window ending at 24:00 and reads date lists in any separator, sorted and de-duplicated', () => {
    expect(issues({ ...valid(), windows: [{ start: '00:00', end: '24:00' }] })).toEqual([]);
    expect(dayList('2026-10-02, 2026-10-01\n2026-10-01；2026-10-03')).toEqual(['2026-10-01', '2026-10-02', '2026-10-03']);
  });
});
