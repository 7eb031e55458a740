import { describe, expect, it } from 'vitest';
import { monthWindow } from '@/lib/platform/time/month-window';
import { PolicyTimeline, policiesOfMonth } from './policies';

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
