import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import zh from '@/messages/zh-CN/assessment.json';
import { findingText, verdictReasonText, verdictText, type RootTranslator } from './verdict-text';

/** The real zh-CN catalogue through next-intl's own formatter (ICU selects included). */
const t = createTranslator({ locale: 'zh-CN', messages: { assessment: zh } }) as unknown as RootTranslator;

describe('what a manager reads', () => {
  it.each([
    [{ code: 'knockOut', params: { question: '2' } }, '客户否认拜访（第2题）'],
    [{ code: 'scoreBelow', params: { score: 45, threshold: 60 } }, '回访得分 45 < 60'],
    [{ code: 'finding.same_contact_two_months', params: {} }, '与上月为同一联系人（连续两个月只拜访同一位联系人）'],
    [{ code: 'notVerified', params: { outcome: 'refused' } }, '回访未完成（拒绝回访），按未核实计（不影响积分）'],
    [{ code: 'excludedOld', params: { days: 45 } }, '超过抽样回溯期（45 天），未纳入抽样，按未核实计（不影响积分）'],
    [{ code: 'excludedNoPhone', params: {} }, '客户没有可拨打的联系人电话，未纳入抽样，按未核实计（不影响积分）'],
    [{ code: 'backfillPending', params: {} }, '超期补报，待审核（审核通过前不计入覆盖、积分和抽样）'],
    [{ code: 'backfillRejected', params: {} }, '超期补报未获批准，不计入覆盖、积分和抽样'],
    [{ code: 'somethingNew', params: {} }, 'somethingNew'],
  ])('%j → %s', (reason, text) => {
    expect(verdictReasonText(t, reason)).toBe(text);
  });
  it('joins several reasons', () => {
    expect(verdictText(t, { reasons: [{ code: 'finding.not_claimant', params: {} }, { code: 'finding.same_contact_two_months', params: {} }] })).toContain('；');
  });
  it('explains a finding with its numbers', () => {
    expect(findingText(t, { code: 'late_report', params: { hours: 30, deadline: 24 } })).toBe('拜访后 30 小时才填报，超过 24 小时的时限。');
    expect(findingText(t, { code: 'late_report', params: { hours: 47, deadline: 24 } })).toBe('拜访后 47 小时才填报，超过 24 小时的时限。');
    // From two days on, in days: 1241 h is 51 days.
    expect(findingText(t, { code: 'late_report', params: { hours: 48, deadline: 24 } })).toBe('拜访后 2 天才填报，超过 24 小时的时限。');
    expect(findingText(t, { code: 'late_report', params: { hours: 1241, deadline: 24 } })).toBe('拜访后 51 天才填报，超过 24 小时的时限。');
    expect(findingText(t, { code: 'check_in_distance', params: { meters: 700, maximum: 500 } })).toBe('定位签到距客户地址约 700 米，超过 500 米。');
  });
});
