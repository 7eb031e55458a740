import { describe, expect, it } from 'vitest';
import { PolicyTimeline, policiesOfMonth } from './policies';
import { LocalClock, monthWindow } from './window';

describe('the month window', () => {
  it('spans local midnights in Asia/Shanghai, with the month before and the rolling 3 months', () => {
    const w = monthWindow('2027-01', 'Asia/Shanghai');
    expect(w.start.toISOString()).toBe('2026-12-31T16:00:00.000Z');
    expect(w.end.toISOString()).toBe('2027-01-31T16:00:00.000Z');
    expect(w.prevStart.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(w.quarterStart.toISOString()).toBe('2026-10-31T16:00:00.000Z');
    expect(w.lastDay).toBe('2027-01-31');
  });
});

describe('the local clock of a month', () => {
  const clock = new LocalClock(monthWindow('2026-11', 'Asia/Shanghai'));
  it.each([
    ['the first instant', '2026-10-31T16:00:00.000Z', '2026-11-01', 0],
    ['07:00 local', '2026-11-09T23:00:00.000Z', '2026-11-10', 420],
    ['the last minute of the month', '2026-11-30T15:59:59.999Z', '2026-11-30', 1439],
  ])('%s', (_label, iso, day, minutes) => {
    expect(clock.at(new Date(iso))).toEqual({ day, minutes });
  });
  it('reads the wall clock on a daylight-saving day by the zone rules', () => {
    const berlin = new LocalClock(monthWindow('2026-10', 'Europe/Berlin'));
    // 25 October 2026: clocks go back at 03:00 CEST → 02:00 CET. 12:00 UTC is 13:00 local.
    expect(berlin.at(new Date('2026-10-25T12:00:00Z'))).toEqual({ day: '2026-10-25', minutes: 13 * 60 });
    expect(berlin.at(new Date('2026-10-24T12:00:00Z'))).toEqual({ day: '2026-10-24', minutes: 14 * 60 });
  });
});

describe('policy versions of a month', () => {
  it('looks a version up by day like policyInForce, merged over the defaults', () => {
    const t = PolicyTimeline.of('scoring', [
      { version: 1, effectiveFrom: '2026-11-10', value: { validThreshold: 70 } },
      { version: 2, effectiveFrom: '2026-12-01', value: {} },
    ]);
    expect(t.at('2026-11-09')).toEqual({ version: 0, value: { validThreshold: 60 } });
    expect(t.at('2026-11-10')).toEqual({ version: 1, value: { validThreshold: 70 } });
    expect(t.at('2026-12-05')).toEqual({ version: 2, value: { validThreshold: 60 } });
  });
  it('records the version on the last day and any other in force earlier in the month', () => {
    const policies = {
      reporting: PolicyTimeline.of('reporting', []),
      checks: PolicyTimeline.of('checks', []),
      scoring: PolicyTimeline.of('scoring', [{ version: 1, effectiveFrom: '2026-11-10', value: { validThreshold: 70 } }]),
      assessment: PolicyTimeline.of('assessment', []),
      checksByDay: new Map(),
    };
    expect(policiesOfMonth(policies, monthWindow('2026-11', 'Asia/Shanghai'))).toEqual({ assessment: 0, reporting: 0, checks: 0, scoring: 1, 'scoring@2026-11-01': 0 });
  });
});
