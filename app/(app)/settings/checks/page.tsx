import { toChecksFormValues } from '@/lib/checks/checks-settings-schema';
import { getChecksSettings, type ChecksPolicy } from '@/lib/checks/checks-settings';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PolicySettingsPage, type PolicyTranslator } from '../_components/policy-settings-page';
import { ChecksRulesForm } from './checks-rules-form';

/** 数据核查规则: the data-check limits in force, a version scheduled later, the history, a form for a new version and its effect preview. */
export default async function ChecksSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getChecksSettings({ ctx }));
  const summary = (v: ChecksPolicy, t: PolicyTranslator) => t('summaryText', { meters: v.maxCheckInMeters, start: v.normalHoursStart, end: v.normalHoursEnd });
  return (
    <PolicySettingsPage
      policy={{ namespace: 'policies.checks', testId: 'checks-rules' }}
      settings={s}
      summary={summary}
      form={(latest) => <ChecksRulesForm defaults={toChecksFormValues(latest, s.tomorrow)} minDay={s.today} ranges={s.ranges} />}
    />
  );
}
