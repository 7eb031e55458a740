import { toAssessmentFormValues } from '@/lib/assessment/assessment-settings-schema';
import { getAssessmentSettings, type AssessmentPolicy } from '@/lib/assessment/assessment-settings';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PolicySettingsPage, type PolicyTranslator } from '../_components/policy-settings-page';
import { AssessmentRulesForm } from './assessment-rules-form';

/** 考核规则: the assessment policy in force, a version scheduled later, the history, a form for a new version and its effect preview. */
export default async function AssessmentSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getAssessmentSettings({ ctx }));
  const summary = (v: AssessmentPolicy, t: PolicyTranslator) =>
    t('summaryText', {
      ...v.basePoints,
      deduction: v.deductionPerInvalid === 'all' ? t('deductionAll') : t('deductionPoints', { points: v.deductionPerInvalid }),
      days: v.minClaimedDays,
      ...v.weights,
      ...v.gradeBands,
      closeDay: v.closeDay,
    });
  return (
    <PolicySettingsPage
      policy={{ namespace: 'policies.assessment', testId: 'assessment-rules' }}
      settings={s}
      summary={summary}
      form={(latest) => <AssessmentRulesForm defaults={toAssessmentFormValues(latest, s.tomorrow)} minDay={s.today} ranges={s.ranges} />}
    />
  );
}
