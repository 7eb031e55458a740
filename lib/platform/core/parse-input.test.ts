import { describe, expect, it } from 'vitest';
import { createTranslator } from 'next-intl';
import { z } from 'zod';
import zhErrors from '@/messages/zh-CN/errors.json';
import enErrors from '@/messages/en/errors.json';
import { planItemInput } from '@/lib/plans/schemas';
import { visitReportInput } from '@/lib/visits/schemas';
import { ValidationError } from './errors';
import { parseInput } from './parse-input';

const schema = z.object({
  purpose: z.string().trim().min(1, 'errors.required').max(5, 'errors.visits.tooLong'),
  contacts: z.array(z.string()).max(2, 'errors.visits.tooManyContacts').default([]),
  note: z.string().optional(),
});

function issuesOf(input: unknown) {
  try {
    parseInput(schema, input);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues;
  }
  throw new Error('expected a ValidationError');
}

describe('parseInput', () => {
  it.each([
    ['too long text names the limit', { purpose: '一二三四五六' }, [{ field: 'purpose', code: 'visits.tooLong', params: { max: 5 } }]],
    ['too many items names the limit', { purpose: '拜访', contacts: ['a', 'b', 'c'] }, [{ field: 'contacts', code: 'visits.tooManyContacts', params: { max: 2 } }]],
    ['a missing value has no params', { purpose: ' ' }, [{ field: 'purpose', code: 'required' }]],
    ['a message that is not a catalogue key is invalidValue', { purpose: '拜访', note: 3 }, [{ field: 'note', code: 'invalidValue' }]],
  ])('%s', (_name, input, expected) => {
    expect(issuesOf(input)).toStrictEqual(expected);
  });

  it('returns the parsed value when the input is valid', () => {
    expect(parseInput(schema, { purpose: ' 拜访 ' })).toEqual({ purpose: '拜访', contacts: [] });
  });
});

describe('a too-long field reads with its limit', () => {
  const messages = (locale: 'zh-CN' | 'en') => createTranslator({ locale, messages: { errors: locale === 'en' ? enErrors : zhErrors }, namespace: 'errors' });
  const say = (locale: 'zh-CN' | 'en', schema: z.ZodType, input: unknown, field: string) => {
    const t = messages(locale);
    try {
      parseInput(schema, input);
    } catch (e) {
      const issue = (e as ValidationError).issues.find((i) => i.field === field)!;
      return t(issue.code as never, issue.params as never);
    }
    throw new Error('expected a ValidationError');
  };
  const visit = { customerId: '00000000-0000-4000-8000-000000000001', contactIds: ['00000000-0000-4000-8000-000000000002'], newContacts: [], type: 'phone', visitedAt: '2026-11-03T14:30', checkInMethod: 'none' };

  it.each([
    ['zh-CN', visitReportInput, { ...visit, purpose: '字'.repeat(501), summary: '' }, 'purpose', '内容过长，最多 500 个字。'],
    ['zh-CN', visitReportInput, { ...visit, purpose: '回访', summary: '字'.repeat(4001) }, 'summary', '内容过长，最多 4000 个字。'],
    ['en', visitReportInput, { ...visit, purpose: '字'.repeat(501), summary: '' }, 'purpose', 'Too long: at most 500 characters.'],
    ['zh-CN', planItemInput, { customerId: visit.customerId, plannedAt: '2026-11-10T10:00', place: '客户总部', purpose: '字'.repeat(501) }, 'purpose', '内容过长，最多 500 个字。'],
  ] as const)('%s %s', (locale, schema, input, field, expected) => {
    expect(say(locale, schema, input, field)).toBe(expected);
  });
});
