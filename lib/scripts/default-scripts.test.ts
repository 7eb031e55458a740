import { describe, expect, it } from 'vitest';
import { validateAnswers } from './answers';
import { scriptDefinitionSchema, type Answers, type VisitContext } from './definition';
import { DEFAULT_SPOT_CHECK_SCRIPT } from './default-scripts';
import { computePath } from './flow';
import { fillPlaceholders, placeholdersIn } from './placeholders';
import { scoreAnswers } from './scoring';
import { validateDefinition } from './validate';

/** What a spot check's placeholders are filled from: the visit as planned (no type: a plan does not say). */
const PLANNED: VisitContext = { customer: '鹏程医药有限公司', contact: '李主任', manager: '陈志强', visitDate: '2026-11-20', visitType: null, purpose: '5G 专线续约洽谈' };
const def = DEFAULT_SPOT_CHECK_SCRIPT;
const score = (answers: Answers, threshold = 60) => scoreAnswers(def, answers, { report: PLANNED, threshold });

describe('the shipped spot-check script (电话抽查脚本)', () => {
  it('is well-formed and publishable as it ships (not blind), with a maximum of 100', () => {
    expect(scriptDefinitionSchema.safeParse(def).success).toBe(true);
    expect(validateDefinition(def, { blind: false })).toMatchObject({ ok: true, maxScore: 100, unreachable: [], cycles: [], deadEnds: [] });
  });

  it('could not be published blind: it names the planned day, which blind mode hides', () => {
    const codes = validateDefinition(def, { blind: true }).issues.map((i) => `${i.questionId}:${i.code}`);
    expect(codes).toContain('visited:blindRevealsReport');
  });

  it('asks about the planned day and shows the agent the planned purpose', () => {
    const visited = def.questions.find((q) => q.id === 'visited')!;
    expect(fillPlaceholders(visited.text, PLANNED)).toBe('陈志强经理2026年11月20日有没有拜访过您或贵单位？上门或者电话联系都算。');
    const topics = def.questions.find((q) => q.id === 'topics')!;
    expect(fillPlaceholders(topics.hint!, PLANNED)).toContain('计划的拜访目的：5G 专线续约洽谈');
    // Nothing read out or shown depends on a visit type: a plan has none.
    const texts = [def.opening, def.closing, ...def.questions.flatMap((q) => [q.text, q.hint, ...q.options.map((o) => o.label)])];
    expect(texts.flatMap((text) => placeholdersIn(text ?? ''))).not.toContain('visitType');
  });

  it.each<[string, Answers, { score: number; result: 'valid' | 'invalid'; knockedOut: string | null; outcome: string | null }]>([
    ['visited on site, very satisfied: 100', { identity: 'yes', visited: 'yes', visit_type: 'on_site', topics: '谈了专线续约', satisfaction: '5' }, { score: 100, result: 'valid', knockedOut: null, outcome: 'completed' }],
    ['contacted by phone counts the same', { identity: 'yes', visited: 'yes', visit_type: 'phone', satisfaction: '5' }, { score: 100, result: 'valid', knockedOut: null, outcome: 'completed' }],
    ['visited, but does not remember how and is unhappy: still valid, 80', { identity: 'yes', visited: 'yes', visit_type: 'unsure', satisfaction: '1', remarks: '服务一般' }, { score: 80, result: 'valid', knockedOut: null, outcome: 'completed' }],
    ['not visited: knock-out, invalid, straight to the remarks', { identity: 'yes', visited: 'no', remarks: '今天没人来过' }, { score: 10, result: 'invalid', knockedOut: 'visited', outcome: 'completed' }],
    ['wrong person: the call ends there', { identity: 'no' }, { score: 0, result: 'invalid', knockedOut: null, outcome: 'wrong_person' }],
  ])('%s', (_name, answers, expected) => {
    expect(validateAnswers(def, answers, { today: '2026-11-20' }).issues).toEqual([]);
    expect(score(answers)).toMatchObject({ maxScore: 100, ...expected });
  });

  it('a "yes" scores at least 80, so it stays valid under any threshold up to 80; a "no" never does', () => {
    const worstYes = { identity: 'yes', visited: 'yes', visit_type: 'unsure', satisfaction: '1' };
    for (const threshold of [0, 60, 80]) expect(score(worstYes, threshold).result).toBe('valid');
    expect(score(worstYes, 81).result).toBe('invalid');
    const no = { identity: 'yes', visited: 'no' };
    for (const threshold of [0, 10, 60]) expect(score(no, threshold)).toMatchObject({ result: 'invalid', knockedOut: 'visited' });
  });

  it('"no" skips the questions about the visit', () => {
    expect(computePath(def, { identity: 'yes', visited: 'no' }).questionIds).toEqual(['identity', 'visited', 'remarks']);
    expect(validateAnswers(def, { identity: 'yes', visited: 'no', satisfaction: '5' }, { today: '2026-11-20' }).issues.map((i) => `${i.questionId}:${i.code}`)).toEqual([
      'satisfaction:notOnPath',
    ]);
  });

  it('records what was discussed beside the planned purpose, for a person to compare (no points)', () => {
    const scored = score({ identity: 'yes', visited: 'yes', visit_type: 'on_site', topics: '谈了专线续约和云业务', satisfaction: '4' });
    expect(scored.comparison).toEqual([{ questionId: 'topics', field: 'purpose', status: 'review', answer: '谈了专线续约和云业务', reported: '5G 专线续约洽谈', points: 0 }]);
    expect(scored.score).toBe(95);
  });

  it('the visit type answered says which type it means', () => {
    const type = def.questions.find((q) => q.id === 'visit_type')!;
    expect(type.options.map((o) => [o.id, o.value])).toEqual([
      ['on_site', 'on_site'],
      ['phone', 'phone'],
      ['unsure', ''],
    ]);
    expect(type.compare).toBeUndefined();
  });
});
