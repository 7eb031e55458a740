import { describe, expect, it } from 'vitest';
import { listPlansInput, planItemInput, reviewPlanInput, startPlanInput } from './schemas';

const ID = '0b9f5d7e-3f6a-4c1e-9d2b-7a8c6e5f4d3c';

const messagesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.success ? [] : result.error!.issues.map((i) => `${i.path.join('.')}:${i.message}`);

describe('planItemInput', () => {
  const base = { customerId: ID, plannedAt: '2026-11-03T10:00', place: '客户办公室', purpose: '续约洽谈' };
  it.each<[string, Record<string, unknown>, string[]]>([
    ['contact on file', { ...base, contactId: ID }, []],
    ['typed contact', { ...base, contactId: '', contactName: '王主任', contactPhone: '138 0013 8000' }, []],
    ['typed contact without name and phone', { ...base, contactId: '' }, ['contactName:errors.required', 'contactPhone:errors.required']],
    ['no contact at all', { ...base }, ['contactName:errors.required', 'contactPhone:errors.required']],
    ['blank place and purpose', { ...base, contactId: ID, place: ' ', purpose: '' }, ['place:errors.required', 'purpose:errors.required']],
    ['no customer', { ...base, contactId: ID, customerId: '' }, ['customerId:errors.required']],
    ['blank time', { ...base, contactId: ID, plannedAt: '' }, ['plannedAt:errors.required']],
    [
      'a blank row reports every missing field at once',
      { customerId: '', contactId: '', contactName: '', contactPhone: '', plannedAt: '', place: '', purpose: '' },
      [
        'customerId:errors.required',
        'plannedAt:errors.required',
        'place:errors.required',
        'purpose:errors.required',
        'contactName:errors.required',
        'contactPhone:errors.required',
      ],
    ],
    ['not an id', { ...base, contactId: 'abc' }, ['contactId:errors.invalidValue']],
  ])('%s', (_name, value, expected) => {
    expect(messagesOf(planItemInput.safeParse(value))).toEqual(expected);
  });
});

describe('reviewPlanInput', () => {
  it.each<[string, Record<string, unknown>, string[]]>([
    ['approve without comment', { planId: ID, decision: 'approve' }, []],
    ['reject with comment', { planId: ID, decision: 'reject', comment: '拜访对象不全' }, []],
    ['reject without comment', { planId: ID, decision: 'reject' }, ['comment:errors.plans.rejectCommentRequired']],
    ['reject with blank comment', { planId: ID, decision: 'reject', comment: '   ' }, ['comment:errors.plans.rejectCommentRequired']],
  ])('%s', (_name, value, expected) => {
    expect(messagesOf(reviewPlanInput.safeParse(value))).toEqual(expected);
  });
});

describe('month inputs', () => {
  it.each([
    ['2026-11', true],
    ['2026-13', false],
    ['2026-1', false],
    ['', false],
  ])('%j valid: %s', (month, valid) => {
    expect(startPlanInput.safeParse({ month }).success).toBe(valid);
  });

  it('treats blank filters as absent', () => {
    expect(listPlansInput.parse({ month: '', status: '', managerId: '', unitId: '', page: '2' })).toEqual({ page: 2, pageSize: 50 });
  });
});
