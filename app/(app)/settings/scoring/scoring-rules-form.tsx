'use client';

import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { saveScoringPolicyInput, type SaveScoringPolicyInput, type SCORING_RANGES } from '@/lib/verdicts/scoring-settings-schema';
import { EffectPreview, useEffectPreview } from '../_components/effect-preview';
import { previewScoringEffectAction, saveScoringPolicyAction } from './actions';

const ID = 'scoring-rules';

/** A new version of the callback scoring rules; the same schema checks in the browser and on the server. */
export function ScoringRulesForm({ defaults, minDay, ranges }: { defaults: SaveScoringPolicyInput; minDay: string; ranges: typeof SCORING_RANGES }) {
  const { t, form, submit, header, numberField, noteField, footer } = usePolicyVersionForm<SaveScoringPolicyInput>({
    id: ID,
    namespace: 'policies.scoring',
    minDay,
    schema: saveScoringPolicyInput,
    defaults,
    save: saveScoringPolicyAction,
  });
  const { handleSubmit } = form;
  const preview = useEffectPreview(form.control, previewScoringEffectAction);

  return (
    <>
      <form className="card form" onSubmit={submit} noValidate data-testid={`${ID}-form`}>
        {header}
        <div style={{ maxWidth: 320 }}>{numberField('validThreshold', ranges.validThreshold, { hint: t('fields.validThresholdHint', ranges.validThreshold) })}</div>
        {noteField}
        {footer}
      </form>
      <EffectPreview testId={ID} {...preview} onRun={handleSubmit(preview.run)} />
    </>
  );
}
