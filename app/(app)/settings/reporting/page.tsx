import { toReportingFormValues } from '@/lib/visits/reporting-settings-schema';
import { getReportingSettings, type ReportingPolicy } from '@/lib/visits/reporting-settings';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PolicySettingsPage, type PolicyTranslator } from '../_components/policy-settings-page';
import { ReportingRulesForm } from './reporting-rules-form';

/** 填报规则: the reporting policy in force, a version scheduled later, the history, and a form for a new version. */
export default async function ReportingSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getReportingSettings({ ctx }));
  const summary = (v: ReportingPolicy, t: PolicyTranslator) =>
    t('summaryText', { hours: v.reportDeadlineHours, contacts: v.minContactsAB, lateBackfill: t(`lateBackfill.${v.lateBackfill}`) });
  return (
    <PolicySettingsPage
      policy={{ namespace: 'visits.reportingSettings', testId: 'reporting-rules' }}
      settings={s}
      summary={summary}
      form={(latest) => <ReportingRulesForm defaults={toReportingFormValues(latest, s.tomorrow)} minDay={s.today} ranges={s.ranges} />}
    />
  );
}
