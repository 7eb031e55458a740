import { describe, expect, it } from 'vitest';
import { policyDefinitions } from '@/lib/policy/definitions';
import { saveAgentAssessmentPolicyInput, toAgentAssessmentFormValues, toAgentAssessmentPolicy } from './agent-assessment-settings-schema';

const valid = () => toAgentAssessmentFormValues(policyDefinitions.agentAssessment.defaults, '2026-12-10');
const codes = (input: unknown) => {
  const r = saveAgentAssessmentPolicyInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};

describe('坐席考核规则 form', () => {
  it('the defaults round-trip to the policy', () => {
    const parsed = saveAgentAssessmentPolicyInput.parse(valid());
    expect(toAgentAssessmentPolicy(parsed)).toEqual(policyDefinitions.agentAssessment.defaults);
  });

  it.each([
    ['weights all zero', { weights: { callbackRate: 0, quality: 0, timeliness: 0 } }, 'weights:errors.policy.weightsAllZero'],
    ['a weight over 100', { weights: { callbackRate: 101, quality: 30, timeliness: 30 } }, 'weights.callbackRate:errors.policySettings.weightRange'],
    ['bands out of order', { gradeBands: { excellent: 80, good: 90, fair: 70, poor: 60 } }, 'gradeBands:errors.policy.bandsOutOfOrder'],
    ['a deadline of 0 days', { deadlineWorkingDays: 0 }, 'deadlineWorkingDays:errors.policySettings.deadlineWorkingDaysRange'],
    ['a deadline of 21 days', { deadlineWorkingDays: 21 }, 'deadlineWorkingDays:errors.policySettings.deadlineWorkingDaysRange'],
    ['half a callback', { minFinished: 2.5 }, 'minFinished:errors.policySettings.minFinishedRange'],
    ['a minimum over 1000', { minFinished: 1001 }, 'minFinished:errors.policySettings.minFinishedRange'],
  ])('%s is refused at its field', (_label, change, code) => {
    expect(codes({ ...valid(), ...change })).toEqual([code]);
  });
});
