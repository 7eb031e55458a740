import { getDisputeSettings, type DisputePolicy } from '@/lib/disputes/settings';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PolicySettingsPage, type PolicyTranslator } from '../_components/policy-settings-page';
import { DisputeRulesForm } from './dispute-rules-form';
import { FORM_RANGES, toFormValues, toMb } from './form-schema';

/** 申诉规则: the dispute policy in force, a version scheduled later, the history, and a form for a new version. */
export default async function DisputeSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getDisputeSettings({ ctx }));
  const summary = (v: DisputePolicy, t: PolicyTranslator) =>
    t('summaryText', { windowDays: v.windowDays, responseWorkingDays: v.responseWorkingDays, maxAttachments: v.maxAttachments, maxMb: toMb(v.maxAttachmentBytes) });
  return (
    <PolicySettingsPage
      policy={{ namespace: 'disputes.settings', testId: 'dispute-rules' }}
      settings={s}
      summary={summary}
      form={(latest) => <DisputeRulesForm defaults={toFormValues(latest, s.tomorrow)} minDay={s.today} ranges={FORM_RANGES} />}
    />
  );
}
