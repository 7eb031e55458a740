import { toAgentAssessmentFormValues } from '@/lib/indicators/agent-assessment-settings-schema';
import { getAgentAssessmentSettings, type AgentAssessmentPolicy } from '@/lib/indicators/agent-assessment-settings';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PolicySettingsPage, type PolicyTranslator } from '../_components/policy-settings-page';
import { AgentAssessmentRulesForm } from './agent-assessment-rules-form';

/** 坐席考核规则: the agents' assessment policy in force, a version scheduled later, the history and a form for a new version. */
export default async function AgentAssessmentSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getAgentAssessmentSettings({ ctx }));
  const summary = (v: AgentAssessmentPolicy, t: PolicyTranslator) =>
    t('summaryText', { ...v.weights, ...v.gradeBands, deadlineWorkingDays: v.deadlineWorkingDays, minFinished: v.minFinished });
  return (
    <PolicySettingsPage
      policy={{ namespace: 'agentAssessment.settings', testId: 'agent-assessment-rules' }}
      settings={s}
      summary={summary}
      form={(latest) => <AgentAssessmentRulesForm defaults={toAgentAssessmentFormValues(latest, s.tomorrow)} minDay={s.today} ranges={s.ranges} />}
    />
  );
}
