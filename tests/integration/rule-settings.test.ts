import { describe, expect, it } from 'vitest';
import { toAssessmentFormValues } from '@/lib/assessment/assessment-settings-schema';
import { getAssessmentSettings, saveAssessmentPolicy } from '@/lib/assessment/assessment-settings';
import { getChecksSettings, saveChecksPolicy } from '@/lib/checks/checks-settings';
import { ForbiddenError } from '@/lib/platform/core/errors';
import { policyDefinitions } from '@/lib/policy/definitions';
import { policyInForce } from '@/lib/policy/policies';
import { getScoringSettings, saveScoringPolicy } from '@/lib/verdicts/scoring-settings';
import { ctxAs, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

const NOW = new Date('2026-12-03T02:00:00Z'); // 3 December in Beijing

describe('考核规则, 回访评分规则 and 数据核查规则', () => {
  it('save versions from a day, shown as scheduled until they take effect', async () => {
    const { db } = await testDb();
    const ctx = ctxAs(db, await makeUser(db, 'staff'), NOW);
    const form = toAssessmentFormValues(policyDefinitions.assessment.defaults, '2026-12-10');
    await saveAssessmentPolicy({ ctx, input: { ...form, basePoints: { ...form.basePoints, A: 12 }, deductionMode: 'points', deductionPoints: 4, note: '调整' } });
    await saveScoringPolicy({ ctx, input: { effectiveFrom: '2026-12-03', validThreshold: 65, note: '' } });
    await saveChecksPolicy({ ctx, input: { effectiveFrom: '2027-01-01', maxCheckInMeters: 800, normalHoursStart: '08:00', normalHoursEnd: '21:00', note: '' } });

    const assessment = await getAssessmentSettings({ ctx });
    expect(assessment.inForce.version).toBe(0);
    expect(assessment.upcoming).toMatchObject({ effectiveFrom: '2026-12-10', value: { basePoints: { A: 12 }, deductionPerInvalid: 4 } });
    expect((await policyInForce(db, 'assessment', '2026-12-10')).value.deductionPerInvalid).toBe(4);
    expect((await getScoringSettings({ ctx })).inForce).toMatchObject({ version: 1, value: { validThreshold: 65 } });
    expect((await getChecksSettings({ ctx })).upcoming).toMatchObject({ effectiveFrom: '2027-01-01', value: { maxCheckInMeters: 800 } });
  });

  it('refuse a day in the past, values out of range and anyone but staff and admin, saving nothing', async () => {
    const { db } = await testDb();
    const ctx = ctxAs(db, await makeUser(db, 'admin'), NOW);
    await expect(saveScoringPolicy({ ctx, input: { effectiveFrom: '2026-12-02', validThreshold: 65, note: '' } })).rejects.toMatchObject({
      issues: [{ field: 'effectiveFrom', code: 'policySettings.effectiveInPast', params: { today: '2026-12-03' } }],
    });
    await expect(saveChecksPolicy({ ctx, input: { effectiveFrom: '2026-12-10', maxCheckInMeters: 500, normalHoursStart: '22:00', normalHoursEnd: '07:00', note: '' } })).rejects.toMatchObject({
      issues: [{ field: 'normalHoursEnd', code: 'policySettings.hoursEndBeforeStart' }],
    });
    const form = toAssessmentFormValues(policyDefinitions.assessment.defaults, '2026-12-10');
    await expect(saveAssessmentPolicy({ ctx, input: { ...form, weights: { coverage: 0, valid: 0, onTime: 0 } } })).rejects.toMatchObject({
      issues: [{ field: 'weights', code: 'policy.weightsAllZero' }],
    });
    const supervisor = ctxAs(db, await makeUser(db, 'supervisor'), NOW);
    await expect(saveAssessmentPolicy({ ctx: supervisor, input: form })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getAssessmentSettings({ ctx: supervisor })).rejects.toBeInstanceOf(ForbiddenError);
    for (const key of ['assessment', 'scoring', 'checks'] as const) expect((await policyInForce(db, key, '2027-06-01')).version).toBe(0);
  });
});
