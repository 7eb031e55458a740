import { describe, expect, it } from 'vitest';
import { saveAssessmentPolicyInput, toAssessmentFormValues, toAssessmentPolicy } from '@/lib/assessment/assessment-settings-schema';
import { saveChecksPolicyInput } from '@/lib/checks/checks-settings-schema';
import { saveScoringPolicyInput } from '@/lib/verdicts/scoring-settings-schema';
import zh from '@/messages/zh-CN/errors.json';
import { policyDefinitions } from './definitions';

/** The settings forms' schemas, as the browser and the server both check them. */
const messages = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => [i.path.join('.'), i.message]);

const inCatalogue = (key: string) => key.split('.').slice(1).reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], zh);

const assessment = toAssessmentFormValues(policyDefinitions.assessment.defaults, '2026-12-10');

describe('the settings forms', () => {
  it.each([
    { name: 'the defaults', schema: saveAssessmentPolicyInput, value: assessment, errors: [] },
    { name: 'a class worth −1', schema: saveAssessmentPolicyInput, value: { ...assessment, basePoints: { ...assessment.basePoints, B: -1 } }, errors: [['basePoints.B', 'errors.policySettings.basePointsRange']] },
    { name: 'a fixed deduction left empty', schema: saveAssessmentPolicyInput, value: { ...assessment, deductionMode: 'points', deductionPoints: Number.NaN }, errors: [['deductionPoints', 'errors.policySettings.deductionPointsRange']] },
    { name: 'an empty deduction with "all"', schema: saveAssessmentPolicyInput, value: { ...assessment, deductionMode: 'all', deductionPoints: Number.NaN }, errors: [] },
    { name: 'weights all 0', schema: saveAssessmentPolicyInput, value: { ...assessment, weights: { coverage: 0, valid: 0, onTime: 0 } }, errors: [['weights', 'errors.policy.weightsAllZero']] },
    { name: 'bands out of order', schema: saveAssessmentPolicyInput, value: { ...assessment, gradeBands: { excellent: 80, good: 90, fair: 70, poor: 60 } }, errors: [['gradeBands', 'errors.policy.bandsOutOfOrder']] },
    { name: 'close day 29', schema: saveAssessmentPolicyInput, value: { ...assessment, closeDay: 29 }, errors: [['closeDay', 'errors.policySettings.closeDayRange']] },
    { name: 'no effective day', schema: saveAssessmentPolicyInput, value: { ...assessment, effectiveFrom: '' }, errors: [['effectiveFrom', 'errors.policySettings.effectiveFromInvalid']] },
    { name: 'a threshold of 60', schema: saveScoringPolicyInput, value: { effectiveFrom: '2026-12-10', validThreshold: 60, note: '' }, errors: [] },
    { name: 'a threshold of 60.5', schema: saveScoringPolicyInput, value: { effectiveFrom: '2026-12-10', validThreshold: 60.5, note: '' }, errors: [['validThreshold', 'errors.policySettings.validThresholdRange']] },
    { name: 'an empty threshold', schema: saveScoringPolicyInput, value: { effectiveFrom: '2026-12-10', validThreshold: Number.NaN, note: '' }, errors: [['validThreshold', 'errors.policySettings.validThresholdRange']] },
    { name: '500 m, 07:00–22:00', schema: saveChecksPolicyInput, value: { effectiveFrom: '2026-12-10', maxCheckInMeters: 500, normalHoursStart: '07:00', normalHoursEnd: '22:00', note: '' }, errors: [] },
    { name: '5 m', schema: saveChecksPolicyInput, value: { effectiveFrom: '2026-12-10', maxCheckInMeters: 5, normalHoursStart: '07:00', normalHoursEnd: '22:00', note: '' }, errors: [['maxCheckInMeters', 'errors.policySettings.maxCheckInMetersRange']] },
    { name: 'hours ending before they start', schema: saveChecksPolicyInput, value: { effectiveFrom: '2026-12-10', maxCheckInMeters: 500, normalHoursStart: '22:00', normalHoursEnd: '07:00', note: '' }, errors: [['normalHoursEnd', 'errors.policySettings.hoursEndBeforeStart']] },
    { name: 'an empty time', schema: saveChecksPolicyInput, value: { effectiveFrom: '2026-12-10', maxCheckInMeters: 500, normalHoursStart: '', normalHoursEnd: '22:00', note: '' }, errors: [['normalHoursStart', 'errors.policySettings.timeInvalid']] },
  ])('$name', ({ schema, value, errors }) => {
    const found = messages(schema.safeParse(value));
    expect(found).toEqual(errors);
    // Every message is the catalogue's, never zod's English.
    for (const [, key] of found) expect(typeof inCatalogue(key)).toBe('string');
  });

  it('turns the deduction fields into the policy’s value and back', () => {
    const points = saveAssessmentPolicyInput.parse({ ...assessment, deductionMode: 'points', deductionPoints: 4 });
    const value = toAssessmentPolicy(points);
    expect(value.deductionPerInvalid).toBe(4);
    expect(policyDefinitions.assessment.schema.safeParse(value).success).toBe(true);
    expect(toAssessmentFormValues(value, '2026-12-10')).toMatchObject({ deductionMode: 'points', deductionPoints: 4 });
    expect(toAssessmentPolicy(saveAssessmentPolicyInput.parse(assessment)).deductionPerInvalid).toBe('all');
  });
});
