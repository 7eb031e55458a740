import { sharePercent, toSpotCheckFormValues } from '@/lib/spot-checks/settings-schema';
import { getSpotCheckSettings, type SpotCheckPolicy } from '@/lib/spot-checks/settings';
import { pageCtx, pageLoad } from '@/lib/web/page-guard';
import { PolicySettingsPage, type PolicyTranslator } from '../_components/policy-settings-page';
import { SpotCheckRulesForm } from './spot-check-rules-form';

/** 电话抽查规则: the spot-check policy in force, a version scheduled later, the history and a form for a new version. */
export default async function SpotCheckSettingsPage() {
  const ctx = await pageCtx('staff', 'admin');
  const s = await pageLoad(() => getSpotCheckSettings({ ctx }));
  const summary = (v: SpotCheckPolicy, t: PolicyTranslator) => {
    const managers =
      v.managerSelection === 'all'
        ? t('summaryManagersAll')
        : t('summaryManagersShare', { share: sharePercent(v.managerShare), weight: v.failureWeight, windowDays: v.flagWindowDays });
    const due = v.dueRule === 'same_afternoon' ? t('summaryDueSameAfternoon', { minutes: v.dueDelayMinutes }) : t('summaryDueNextMorning');
    const text = t('summaryText', {
      managers,
      customers: v.customersPerManager,
      due,
      incomplete: v.penaltyIncompletePerFindingYuan,
      none: v.penaltyNoneYuan,
      threshold: v.flagThreshold,
      windowDays: v.flagWindowDays,
    });
    return v.enabled ? text : `${t('summaryDisabled')} · ${text}`;
  };
  return (
    <PolicySettingsPage
      policy={{ namespace: 'policies.spotCheck', testId: 'spot-check-rules' }}
      settings={s}
      summary={summary}
      form={(latest) => <SpotCheckRulesForm defaults={toSpotCheckFormValues(latest, s.tomorrow)} minDay={s.today} ranges={s.ranges} />}
    />
  );
}
