import { getTranslations } from 'next-intl/server';
import { toReportingFormValues } from '@/lib/visits/reporting-settings-schema';
import { getReportingSettings, type ReportingPolicy } from '@/lib/visits/reporting-settings';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PolicySettingsPage } from '../_components/policy-settings-page';
import { ReportingRulesForm } from './reporting-rules-form';

/** 填报规则: the reporting policy in force, a version scheduled later, the history, and a form for a new version. */
export default async function ReportingSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getReportingSettings({ ctx }));
  const t = await getTranslations('visits.reportingSettings');
  const summary = (v: ReportingPolicy) =>
    t('summaryText', { hours: v.reportDeadlineHours, contacts: v.minContactsAB, lateBackfill: t(`lateBackfill.${v.lateBackfill}`) });
  // The form starts from the latest version (scheduled or in force), effective tomorrow.
  const latest = s.upcoming?.value ?? s.inForce.value;
  return (
    <PolicySettingsPage
      namespace="visits.reportingSettings"
      testId="reporting-rules"
      settings={s}
      summary={summary}
      form={<ReportingRulesForm defaults={toReportingFormValues(latest, s.tomorrow)} minDay={s.today} ranges={s.ranges} />}
    />
  );
}
