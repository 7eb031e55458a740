'use client';

import {
  AGENT_GRADE_BANDS,
  AGENT_WEIGHT_PARTS,
  saveAgentAssessmentPolicyInput,
  type AGENT_ASSESSMENT_RANGES,
  type SaveAgentAssessmentPolicyInput,
} from '@/lib/indicators/agent-assessment-settings-schema';
import { usePolicyVersionForm } from '../_components/use-policy-version-form';
import { saveAgentAssessmentPolicyAction } from './actions';

const ID = 'agent-assessment-rules';
const RULES = { id: ID, namespace: 'agentAssessment.settings', schema: saveAgentAssessmentPolicyInput, save: saveAgentAssessmentPolicyAction };

/** A new version of the agents' assessment rules; the same schema checks in the browser and on the server. */
export function AgentAssessmentRulesForm({ defaults, minDay, ranges }: { defaults: SaveAgentAssessmentPolicyInput; minDay: string; ranges: typeof AGENT_ASSESSMENT_RANGES }) {
  const { t, errors, fieldError, numberField, shell } = usePolicyVersionForm<SaveAgentAssessmentPolicyInput>(RULES, { defaults, minDay });
  return shell(
    <>
      <fieldset>
        <legend>{t('fields.weights')}</legend>
        <div className="form-grid">{AGENT_WEIGHT_PARTS.map((p) => numberField(`weights.${p}`, ranges.weight, { label: t(`fields.weight.${p}`), step: 0.1 }))}</div>
        {fieldError(errors.weights, 'weights')}
        <span className="muted small">{t('fields.weightsHint', ranges.weight)}</span>
      </fieldset>

      <fieldset>
        <legend>{t('fields.gradeBands')}</legend>
        <div className="form-grid">{AGENT_GRADE_BANDS.map((b) => numberField(`gradeBands.${b}`, ranges.gradeBand, { label: t(`fields.band.${b}`), step: 0.1 }))}</div>
        {fieldError(errors.gradeBands, 'gradeBands')}
        <span className="muted small">{t('fields.gradeBandsHint', ranges.gradeBand)}</span>
      </fieldset>

      <div className="form-grid">
        {numberField('deadlineWorkingDays', ranges.deadlineWorkingDays, { hint: t('fields.deadlineWorkingDaysHint', ranges.deadlineWorkingDays) })}
        {numberField('minFinished', ranges.minFinished, { hint: t('fields.minFinishedHint', ranges.minFinished) })}
      </div>
    </>,
  );
}
