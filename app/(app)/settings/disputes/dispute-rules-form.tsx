'use client';

import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { saveDisputePolicyAction } from './actions';
import { disputeSettingsForm, type DisputeSettingsFormInput, type FORM_RANGES } from './form-schema';

const RULES = { id: 'dispute-rules', namespace: 'disputes.settings', schema: disputeSettingsForm, save: saveDisputePolicyAction };

/**
 * A new version of the dispute rules. The same schema checks in the browser and on the server:
 * an out-of-range value is shown at its field (each field shows its range) and nothing is saved.
 */
export function DisputeRulesForm({ defaults, minDay, ranges }: { defaults: DisputeSettingsFormInput; minDay: string; ranges: typeof FORM_RANGES }) {
  const { t, numberField, shell } = usePolicyVersionForm<DisputeSettingsFormInput>(RULES, { defaults, minDay });
  return shell(
    <div className="form-grid">
      {numberField('windowDays', ranges.windowDays, { hint: t('fields.windowDaysHint', ranges.windowDays) })}
      {numberField('responseWorkingDays', ranges.responseWorkingDays, { hint: t('fields.responseWorkingDaysHint', ranges.responseWorkingDays) })}
      {numberField('maxAttachments', ranges.maxAttachments, { hint: t('fields.maxAttachmentsHint', ranges.maxAttachments) })}
      {numberField('maxAttachmentMb', ranges.maxAttachmentMb, { hint: t('fields.maxAttachmentMbHint', ranges.maxAttachmentMb), step: 0.1 })}
    </div>,
  );
}
