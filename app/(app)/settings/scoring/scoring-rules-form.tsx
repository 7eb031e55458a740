'use client';

import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { saveScoringPolicyInput, type SaveScoringPolicyInput, type SCORING_RANGES } from '@/lib/verdicts/scoring-settings-schema';
import { EffectPreview, useEffectPreview } from '../_components/effect-preview';
import { previewScoringEffectAction, saveScoringPolicyAction } from './actions';

const RULES = { id: 'scoring-rules', namespace: 'policies.scoring', schema: saveScoringPolicyInput, save: saveScoringPolicyAction };

/** A new version of the callback scoring rules; the same schema checks in the browser and on the server. */
export function ScoringRulesForm({ defaults, minDay, ranges }: { defaults: SaveScoringPolicyInput; minDay: string; ranges: typeof SCORING_RANGES }) {
  const { t, form, numberField, shell } = usePolicyVersionForm<SaveScoringPolicyInput>(RULES, { defaults, minDay });
  const preview = useEffectPreview(form.control, previewScoringEffectAction);
  return (
    <>
      {shell(<div style={{ maxWidth: 320 }}>{numberField('validThreshold', ranges.validThreshold, { hint: t('fields.validThresholdHint', ranges.validThreshold) })}</div>)}
      <EffectPreview testId={RULES.id} {...preview} onRun={form.handleSubmit(preview.run)} />
    </>
  );
}
