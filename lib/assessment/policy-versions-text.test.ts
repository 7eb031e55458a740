import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import en from '@/messages/en/assessment.json';
import zh from '@/messages/zh-CN/assessment.json';
import { policyVersionsText, type AssessmentTranslator } from './policy-versions-text';

const tr = (locale: string, messages: object) => createTranslator({ locale, messages: { assessment: messages }, namespace: 'assessment' }) as unknown as AssessmentTranslator;

describe('the rule versions of a close, as staff read them', () => {
  it.each([
    ['zh-CN', zh, { checks: 0, reporting: 2 }, '数据核查规则 默认 · 填报规则 第 2 版'],
    ['en', en, { scoring: 3 }, 'scoring rules version 3'],
    ['zh-CN', zh, { somethingNew: 1 }, 'somethingNew 第 1 版'],
  ])('%s %j', (locale, messages, policies, text) => {
    expect(policyVersionsText(tr(locale, messages), policies)).toBe(text);
  });
});
