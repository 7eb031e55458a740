import { describe, expect, it } from 'vitest';
import { productivity } from './productivity-rules';

describe('productivity', () => {
  it('an agent with 30 calls over two days on duty of 2 h and 4 h', () => {
    const p = productivity({
      calls: 30,
      dutySeconds: 6 * 3600,
      answeredCalls: 12,
      talkSeconds: 12 * 90,
      wrapUps: 12,
      wrapUpSeconds: 12 * 30,
      outcomes: { completed: 10, no_answer: 12, busy: 4, refused: 2, technical_failure: 2 },
    });
    expect(p.callsPerHour).toBe(5);
    expect(p.dutyHours).toBe(6);
    expect(p.averageTalkSeconds).toBe(90);
    expect(p.averageWrapUpSeconds).toBe(30);
    expect(p.attempts).toBe(30);
    const mix = Object.fromEntries(p.outcomesMix.map((m) => [m.outcome, m.share.value]));
    expect(mix).toMatchObject({ completed: 10 / 30, no_answer: 12 / 30, busy: 4 / 30, partial: 0 });
    expect(p.outcomesMix).toHaveLength(10);
  });

  it('no time on duty: nothing per hour, no averages', () => {
    const p = productivity({ calls: 0, dutySeconds: 0, answeredCalls: 0, talkSeconds: 0, wrapUps: 0, wrapUpSeconds: 0, outcomes: {} });
    expect(p.callsPerHour).toBeNull();
    expect(p.averageTalkSeconds).toBeNull();
    expect(p.averageWrapUpSeconds).toBeNull();
    expect(p.outcomesMix.every((m) => m.share.value === null)).toBe(true);
  });
});
