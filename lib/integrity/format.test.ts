import { describe, expect, it } from 'vitest';
import zh from '@/messages/zh-CN/integrity.json';
import en from '@/messages/en/integrity.json';
import { describeProblem, integrityTranslator } from './format';
import { INTEGRITY_RULES, type IntegrityProblem } from './rules';

const keys = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));

const problem = (rule: IntegrityProblem['rule'], entityType: string, details: IntegrityProblem['details']): IntegrityProblem => ({ rule, entityType, entityId: 'x', month: '2026-11', details });

describe('integrity lines', () => {
  it('both locales hold the same keys, and every rule a name and a description', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort());
    for (const rule of INTEGRITY_RULES) expect(keys(zh)).toEqual(expect.arrayContaining([`rules.${rule}.name`, `rules.${rule}.description`]));
  });

  it.each([
    [problem('callbackWithoutCall', 'attempt', { customer: '鹏程医药', attemptNo: 2, outcome: 'completed', why: 'machine' }), '鹏程医药：回访第 2 次尝试记为“完成回访”，但该次通话由答录机接听。'],
    [problem('callbackWithoutCall', 'result', { customer: '鹏程医药', attemptNo: 1, outcome: 'no_answer', why: 'noCall' }), '鹏程医药：回访第 1 次尝试（“无人接听”）已保存评分结果，但记录结果的坐席在该次尝试中没有任何通话记录。'],
    [problem('callbackWithoutCall', 'task', { customer: '鹏程医药', outcome: 'completed', score: 75, why: 'noAttempt' }), '鹏程医药：回访任务已有结果（完成回访，75），但没有任何一次联系到客户的尝试。'],
    [problem('ledgerMismatch', 'ledger', { manager: '甲经理', customer: '鹏程医药', ledger: 7, expected: 10 }), '2026-11 甲经理：鹏程医药的维系积分台账合计 7 分，按现行判定应为 10 分。'],
    [problem('ledgerMismatch', 'ledger', { manager: '甲经理', customer: null, ledger: 0, expected: -18 }), '2026-11 甲经理：覆盖未达标清零项的维系积分台账合计 0 分，按现行判定应为 -18 分。'],
    [problem('closedMonthDrift', 'assessment', { manager: '乙经理', version: 2, changes: 'points|99|10;valid|3|4' }), '2026-11 已结账（第 2 版），乙经理的结账数据与重新计算不一致：维系积分 99 → 10，真实有效 3 → 4。'],
    [problem('inactiveHolder', 'task', { customer: '鹏程医药', holder: '坐席一', username: 'agent1' }), '鹏程医药：回访任务由已停用的用户 坐席一（agent1）占用，无人能完成。'],
    [problem('waivedWithoutDecision', 'dispute', { manager: '甲经理', subject: 'finding', findingCode: 'late_report', why: 'notAudited' }), '甲经理：申诉已改判（数据核查发现“逾期填报”），但审计日志中没有改判记录。'],
    [problem('waivedWithoutDecision', 'verdict', { manager: '甲经理', subject: 'verdict', why: 'noDispute' }), '甲经理：拜访判定为“申诉改判为真实有效”，但该拜访没有改判的申诉。'],
    [problem('verdictWithoutEvidence', 'verdict', { manager: '甲经理', status: 'invalid' }), '甲经理：拜访判定为“无效拜访”（依据回访得分），但其回访任务没有任何结果。'],
  ])('%# reads in Chinese', (p, line) => {
    expect(describeProblem(p, integrityTranslator('zh-CN'))).toBe(line);
    // English has a line of its own for each, never the key.
    expect(describeProblem(p, integrityTranslator('en'))).not.toMatch(/^integrity\./);
  });
});
