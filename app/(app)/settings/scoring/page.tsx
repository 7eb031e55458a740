import { toScoringFormValues } from '@/lib/verdicts/scoring-settings-schema';
import { getScoringSettings, type ScoringPolicy } from '@/lib/verdicts/scoring-settings';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PolicySettingsPage, type PolicyTranslator } from '../_components/policy-settings-page';
import { ScoringRulesForm } from './scoring-rules-form';

/** 回访评分规则: the valid threshold in force, a version scheduled later, the history, a form for a new version and its effect preview. */
export default async function ScoringSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getScoringSettings({ ctx }));
  const summary = (v: ScoringPolicy, t: PolicyTranslator) => t('summaryText', { threshold: v.validThreshold });
  return (
    <PolicySettingsPage
      policy={{ namespace: 'policies.scoring', testId: 'scoring-rules' }}
      settings={s}
      summary={summary}
      form={(latest) => <ScoringRulesForm defaults={toScoringFormValues(latest, s.tomorrow)} minDay={s.today} ranges={s.ranges} />}
    />
  );
}
