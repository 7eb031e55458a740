'use client';

import { useWatch } from 'react-hook-form';
import { DUE_RULES, MANAGER_SELECTIONS, saveSpotCheckPolicyInput, type SaveSpotCheckPolicyInput, type SPOT_CHECK_RANGES } from '@/lib/spot-checks/settings-schema';
import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { saveSpotCheckPolicyAction } from './actions';

const ID = 'spot-check-rules';
const RULES = { id: ID, namespace: 'policies.spotCheck', schema: saveSpotCheckPolicyInput, save: saveSpotCheckPolicyAction };

function newSeed(): string {
  const bytes = new Uint8Array(9);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * A new version of the spot-check rules; the same schema checks in the browser and on the server.
 * The form starts from the latest version, seed included: the draws stay the same unless staff
 * ask for a new seed.
 */
export function SpotCheckRulesForm({ defaults, minDay, ranges }: { defaults: SaveSpotCheckPolicyInput; minDay: string; ranges: typeof SPOT_CHECK_RANGES }) {
  const { t, form, register, errors, fieldError, numberField, shell } = usePolicyVersionForm<SaveSpotCheckPolicyInput>(RULES, { defaults, minDay });
  const selection = useWatch({ control: form.control, name: 'managerSelection' });
  const radios = <K extends 'managerSelection' | 'dueRule'>(name: K, options: readonly string[]) => (
    <fieldset>
      <legend>{t(`fields.${name}` as never)}</legend>
      {options.map((o) => (
        <label key={o} className="row">
          <input type="radio" value={o} {...register(name)} data-testid={`${ID}-${name}-${o}`} /> {t(`fields.${name}Option.${o}` as never)}
        </label>
      ))}
      {fieldError(errors[name], name)}
    </fieldset>
  );
  return shell(
    <>
      <label className="row">
        <input type="checkbox" {...register('enabled')} data-testid={`${ID}-enabled`} /> {t('fields.enabled')}
      </label>
      <span className="muted small">{t('fields.enabledHint')}</span>

      {radios('managerSelection', MANAGER_SELECTIONS)}
      <div className="form-grid">
        {numberField('customersPerManager', ranges.customersPerManager, { hint: t('fields.customersPerManagerHint', ranges.customersPerManager) })}
        {numberField('managerSharePercent', ranges.managerSharePercent, {
          step: 0.1,
          hint: t(selection === 'share' ? 'fields.managerSharePercentHint' : 'fields.shareUnusedHint', ranges.managerSharePercent),
        })}
        {numberField('failureWeight', ranges.failureWeight, {
          step: 0.1,
          hint: t(selection === 'share' ? 'fields.failureWeightHint' : 'fields.shareUnusedHint', ranges.failureWeight),
        })}
      </div>

      {radios('dueRule', DUE_RULES)}
      <div className="form-grid">
        {numberField('dueDelayMinutes', ranges.dueDelayMinutes, { hint: t('fields.dueDelayMinutesHint', ranges.dueDelayMinutes) })}
      </div>
      <span className="muted small">{t('fields.dueByHint')}</span>

      <div className="form-grid">
        {numberField('penaltyIncompletePerFindingYuan', ranges.penaltyYuan, { hint: t('fields.penaltyIncompleteHint', ranges.penaltyYuan) })}
        {numberField('penaltyNoneYuan', ranges.penaltyYuan, { hint: t('fields.penaltyNoneHint', ranges.penaltyYuan) })}
        {numberField('flagThreshold', ranges.flagThreshold, { hint: t('fields.flagThresholdHint', ranges.flagThreshold) })}
        {numberField('flagWindowDays', ranges.flagWindowDays, { hint: t('fields.flagWindowDaysHint', ranges.flagWindowDays) })}
      </div>

      <div className="form-grid">
        <label>
          {t('fields.seed')}
          <input maxLength={64} {...register('seed')} aria-invalid={!!errors.seed} data-testid={`${ID}-seed`} />
          <span className="muted small">{t('fields.seedHint')}</span>
          {fieldError(errors.seed, 'seed')}
        </label>
        <div>
          <button type="button" onClick={() => form.setValue('seed', newSeed(), { shouldValidate: true, shouldDirty: true })} data-testid={`${ID}-new-seed`}>
            {t('fields.newSeed')}
          </button>
        </div>
      </div>
    </>,
  );
}
