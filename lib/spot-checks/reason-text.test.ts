import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { catalogue } from '@/lib/platform/i18n/messages';
import type { RootTranslator } from '@/lib/sampling/reason-text';
import { spotCheckReasonText } from './reason-text';
import { decideManager, SPOT_CHECK_REASONS as R, withoutCallableCustomer, type SpotCheckPolicy } from './selection-rules';
import { policyDefinitions } from '@/lib/policy/definitions';

const translator = (locale: 'zh-CN' | 'en') => createTranslator({ locale, messages: catalogue[locale] }) as unknown as RootTranslator;
const zh = translator('zh-CN');
const share: SpotCheckPolicy = { ...policyDefinitions.spotCheck.defaults, managerSelection: 'share' };

describe('a spot-check reason in words', () => {
  it.each<[string, string, Record<string, string | number>, string]>([
    ['every manager', R.allManagers, decideManager({ managerId: 'm', findingsInWindow: 0 }, { policy: policyDefinitions.spotCheck.defaults, day: '2026-11-23' }, 0.4).reasonParams, '规则为每天抽查全部有已审批计划的客户经理（抽签值 0.4000）'],
    ['a share, drawn', R.shareDrawn, decideManager({ managerId: 'm', findingsInWindow: 0 }, { policy: share, day: '2026-11-23' }, 0.12).reasonParams, '按 30% 比例抽签：抽签值 0.1200 < 0.3000，抽中'],
    [
      'a share weighted by findings, not drawn',
      R.weightedNotDrawn,
      decideManager({ managerId: 'm', findingsInWindow: 2 }, { policy: share, day: '2026-11-23' }, 0.7).reasonParams,
      '近 90 天有 2 次未拜访发现，按 30% × 2 = 60% 抽签：抽签值 0.7000 ≥ 0.6000，未抽中',
    ],
    [
      'no customer to call',
      R.noCallableCustomer,
      withoutCallableCustomer(decideManager({ managerId: 'm', findingsInWindow: 0 }, { policy: share, day: '2026-11-23' }, 0.1), 2).reasonParams,
      '当天计划拜访的 2 户客户都无法在填报时限前外呼（没有可拨打的联系电话，或最早外呼时间已过时限），当天不抽查',
    ],
    ['drawn k of n', R.customerDrawn, { rank: 2, of: 8, pick: 5, draw: '0.1234', excluded: 0 }, '当天可抽查客户 8 户，抽签值 0.1234 排第 2，抽取前 5 户'],
    ['drawn, some left out', R.customerDrawn, { rank: 2, of: 8, pick: 5, draw: '0.1234', excluded: 1 }, '当天可抽查客户 8 户，抽签值 0.1234 排第 2，抽取前 5 户（另有 1 户无法按时外呼，未参加抽签）'],
    ['all of few', R.customerAll, { rank: 1, of: 3, pick: 5, draw: '0.5000', excluded: 0 }, '当天可抽查客户 3 户，不超过每人 5 户，全部抽查（抽签值 0.5000）'],
  ])('%s', (_label, code, params, text) => {
    expect(spotCheckReasonText(zh, code, params)).toBe(text);
  });

  it.each(['zh-CN', 'en'] as const)('every reason reads in %s without a placeholder left', (locale) => {
    const t = translator(locale);
    for (const code of Object.values(R)) {
      expect(t.has(code), code).toBe(true);
      // Even without parameters (an older row): defaults fill every placeholder.
      expect(spotCheckReasonText(t, code, {})).not.toMatch(/[{}]/);
    }
  });

  it('an unknown code reads as itself', () => {
    expect(spotCheckReasonText(zh, 'spotChecks.reason.gone', {})).toBe('spotChecks.reason.gone');
  });
});
