'use client';

import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { LATE_BACKFILL_CHOICES, saveReportingPolicyInput, type REPORTING_RANGES, type SaveReportingPolicyInput } from '@/lib/visits/reporting-settings-schema';
import { saveReportingPolicyAction } from './actions';

const RULES = { id: 'reporting-rules', namespace: 'visits.reportingSettings', schema: saveReportingPolicyInput, save: saveReportingPolicyAction };

/** A new version of the reporting rules; the same schema checks in the browser and on the server. */
export function ReportingRulesForm({ defaults, minDay, ranges }: { defaults: SaveReportingPolicyInput; minDay: string; ranges: typeof REPORTING_RANGES }) {
  const { t, register, errors, fieldError, numberField, shell } = usePolicyVersionForm<SaveReportingPolicyInput>(RULES, { defaults, minDay });
  return shell(
    <>
      <div className="form-grid">
        {numberField('reportDeadlineHours', ranges.reportDeadlineHours, { hint: t('fields.reportDeadlineHoursHint', ranges.reportDeadlineHours) })}
        {numberField('minContactsAB', ranges.minContactsAB, { hint: t('fields.minContactsABHint', ranges.minContactsAB) })}
      </div>
      <fieldset>
        <legend>{t('fields.lateBackfill')}</legend>
        {LATE_BACKFILL_CHOICES.map((choice) => (
          <label key={choice} className="row">
            <input type="radio" value={choice} {...register('lateBackfill')} data-testid={`reporting-rules-lateBackfill-${choice}`} />
            <span>
              {t(`lateBackfill.${choice}`)}
              <span className="muted small"> — {t(`lateBackfill.${choice}Hint`)}</span>
            </span>
          </label>
        ))}
        {fieldError(errors.lateBackfill, 'lateBackfill')}
      </fieldset>
    </>,
  );
}
