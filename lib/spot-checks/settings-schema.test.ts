import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { catalogue } from '@/lib/platform/i18n/messages';
import { policyDefinitions } from '@/lib/policy/definitions';
import { saveSpotCheckPolicyInput, toSpotCheckFormValues, toSpotCheckPolicy } from './settings-schema';

const valid = () => toSpotCheckFormValues(policyDefinitions.spotCheck.defaults, '2026-12-10');
const codes = (input: unknown) => {
  const r = saveSpotCheckPolicyInput.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}:${i.message}`);
};

describe('电话抽查规则 form', () => {
  it('the defaults round-trip to the policy, the share shown in percent', () => {
    expect(valid().managerSharePercent).toBe(30);
    expect(toSpotCheckPolicy(saveSpotCheckPolicyInput.parse(valid()))).toEqual(policyDefinitions.spotCheck.defaults);
  });

  it('stores a share of 12.5 % as 0.125', () => {
    const policy = toSpotCheckPolicy(saveSpotCheckPolicyInput.parse({ ...valid(), managerSelection: 'share', managerSharePercent: 12.5 }));
    expect(policy).toMatchObject({ managerSelection: 'share', managerShare: 0.125 });
    expect(policyDefinitions.spotCheck.schema.parse(policy)).toEqual(policy);
  });

  it.each([
    ['no customer per manager', { customersPerManager: 0 }, 'customersPerManager:errors.policySettings.customersPerManagerRange'],
    ['half a customer', { customersPerManager: 2.5 }, 'customersPerManager:errors.policySettings.customersPerManagerRange'],
    ['a selection that does not exist', { managerSelection: 'some' }, 'managerSelection:errors.policySettings.managerSelectionInvalid'],
    ['a share over 100 %', { managerSharePercent: 101 }, 'managerSharePercent:errors.policySettings.managerShareRange'],
    ['a share with two decimals', { managerSharePercent: 12.55 }, 'managerSharePercent:errors.policySettings.managerShareRange'],
    ['a weight below 1', { failureWeight: 0.5 }, 'failureWeight:errors.policySettings.failureWeightRange'],
    ['a due rule that does not exist', { dueRule: 'tonight' }, 'dueRule:errors.policySettings.dueRuleInvalid'],
    ['a negative delay', { dueDelayMinutes: -5 }, 'dueDelayMinutes:errors.policySettings.dueDelayMinutesRange'],
    ['a delay over a day', { dueDelayMinutes: 24 * 60 + 1 }, 'dueDelayMinutes:errors.policySettings.dueDelayMinutesRange'],
    ['a negative penalty', { penaltyNoneYuan: -1 }, 'penaltyNoneYuan:errors.policySettings.penaltyYuanRange'],
    ['a penalty in jiao', { penaltyIncompletePerFindingYuan: 50.5 }, 'penaltyIncompletePerFindingYuan:errors.policySettings.penaltyYuanRange'],
    ['a threshold of 0', { flagThreshold: 0 }, 'flagThreshold:errors.policySettings.flagThresholdRange'],
    ['a window of 0 days', { flagWindowDays: 0 }, 'flagWindowDays:errors.policySettings.flagWindowDaysRange'],
    ['an empty seed', { seed: '  ' }, 'seed:errors.policySettings.seedInvalid'],
    ['a seed over 64 characters', { seed: 'x'.repeat(65) }, 'seed:errors.policySettings.seedInvalid'],
    ['no effective day', { effectiveFrom: '2026-02-30' }, 'effectiveFrom:errors.policySettings.effectiveFromInvalid'],
  ])('%s is refused at its field', (_label, change, code) => {
    expect(codes({ ...valid(), ...change })).toEqual([code]);
  });

  it.each(['zh-CN', 'en'] as const)('every message of the form reads in %s', (locale) => {
    const t = createTranslator({ locale, messages: catalogue[locale] });
    const keys = [
      'customersPerManagerRange',
      'managerSelectionInvalid',
      'managerShareRange',
      'failureWeightRange',
      'dueRuleInvalid',
      'dueDelayMinutesRange',
      'penaltyYuanRange',
      'flagThresholdRange',
      'flagWindowDaysRange',
      'seedInvalid',
    ].map((k) => `errors.policySettings.${k}`);
    for (const key of [...keys, 'policies.spotCheck.title', 'policies.spotCheck.fields.managerSelectionOption.share', 'policies.spotCheck.fields.dueRuleOption.next_morning', 'nav.spotCheckSettings']) {
      expect(t.has(key as never), key).toBe(true);
    }
  });
});
