'use client';

import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { saveChecksPolicyInput, type CHECKS_RANGES, type SaveChecksPolicyInput } from '@/lib/checks/checks-settings-schema';
import { EffectPreview, useEffectPreview } from '../_components/effect-preview';
import { previewChecksEffectAction, saveChecksPolicyAction } from './actions';

const ID = 'checks-rules';
const RULES = { id: ID, namespace: 'policies.checks', schema: saveChecksPolicyInput, save: saveChecksPolicyAction };

/** A new version of the data-check rules; the same schema checks in the browser and on the server. */
export function ChecksRulesForm({ defaults, minDay, ranges }: { defaults: SaveChecksPolicyInput; minDay: string; ranges: typeof CHECKS_RANGES }) {
  const { t, form, register, errors, fieldError, numberField, shell } = usePolicyVersionForm<SaveChecksPolicyInput>(RULES, { defaults, minDay });
  const preview = useEffectPreview(form.control, previewChecksEffectAction);

  const timeInput = (name: 'normalHoursStart' | 'normalHoursEnd') => (
    <label>
      {t(`fields.${name}`)}
      <input
        type="time"
        {...register(name)}
        aria-invalid={!!errors[name]}
        aria-describedby={`${ID}-hint-normalHours${errors[name] ? ` ${ID}-error-${name}` : ''}`}
        data-testid={`${ID}-${name}`}
      />
      {fieldError(errors[name], name)}
    </label>
  );

  return (
    <>
      {shell(
        <>
          <div style={{ maxWidth: 320 }}>{numberField('maxCheckInMeters', ranges.maxCheckInMeters, { hint: t('fields.maxCheckInMetersHint', ranges.maxCheckInMeters) })}</div>
          <div className="form-grid">
            {timeInput('normalHoursStart')}
            {timeInput('normalHoursEnd')}
          </div>
          <span className="muted small" id={`${ID}-hint-normalHours`}>
            {t('fields.normalHoursHint')}
          </span>
        </>,
      )}
      <EffectPreview testId={ID} {...preview} onRun={form.handleSubmit(preview.run)} showFlags />
    </>
  );
}
