import { describe, expect, it } from 'vitest';
import { callOutcomeEnum } from '@/db/schema/enums';
import { CALL_OUTCOMES, END_OUTCOMES, scriptDefinitionSchema, type ScriptDefinition } from './definition';
import { DEFAULT_BLIND_SCRIPT, DEFAULT_SCRIPT } from './default-scripts';
import { opt, question, rating, sampleDefinition } from './test-fixtures';
import { maxReachableScore, maxScoreState, negativeOptions, validateDefinition } from './validate';

type Mutation = (def: ScriptDefinition) => void;
const mutated = (mutate: Mutation): ScriptDefinition => {
  const def = structuredClone(sampleDefinition());
  mutate(def);
  return def;
};
const q = (def: ScriptDefinition, id: string) => def.questions.find((x) => x.id === id)!;
const codes = (def: ScriptDefinition, blind = false) => validateDefinition(def, { blind }).issues.map((i) => `${i.questionId ?? '*'}:${i.code}`);

describe('validateDefinition', () => {
  it('the sample definition validates, with a maximum of exactly 100', () => {
    expect(validateDefinition(sampleDefinition())).toEqual({ ok: true, issues: [], maxScore: 100, unreachable: [], cycles: [], deadEnds: [] });
  });

  it.each<[string, Mutation, string[]]>([
    [
      'an unreachable question (both answers jump past it)',
      (d) => {
        q(d, 'visited').options[0].jump = 'topics';
      },
      ['channel:unreachable', '*:maxScore'],
    ],
    [
      'a cycle (a jump back to an earlier question)',
      (d) => {
        q(d, 'satisfaction').options[0].jump = 'visited';
      },
      ['satisfaction:cycle'],
    ],
    [
      'a question jumping to itself',
      (d) => {
        q(d, 'channel').options[2].jump = 'channel';
      },
      ['channel:cycle'],
    ],
    [
      'maximum above 100',
      (d) => {
        q(d, 'satisfaction').options[4].points = 25;
      },
      ['*:maxScore'],
    ],
    [
      'maximum below 100',
      (d) => {
        q(d, 'topics').options[2].points = 5;
      },
      ['*:maxScore'],
    ],
    [
      'a dead end: a choice question without options',
      (d) => {
        q(d, 'channel').options = [];
        q(d, 'channel').compare = undefined;
      },
      // …and what only it led to is unreachable.
      ['channel:deadEnd', 'topics:unreachable', 'satisfaction:unreachable', '*:maxScore'],
    ],
    [
      'a jump to a question that does not exist',
      (d) => {
        q(d, 'visited').options[1].jump = 'nowhere';
      },
      ['visited:unknownJump'],
    ],
    [
      'duplicate question ids',
      (d) => {
        q(d, 'satisfaction').id = 'topics';
      },
      ['topics:duplicateId'],
    ],
    [
      'duplicate option ids',
      (d) => {
        q(d, 'topics').options[1].id = 'a';
      },
      ['topics:duplicateOptionId'],
    ],
    [
      'yes/no needs exactly the options yes and no',
      (d) => {
        q(d, 'visited').options[1].id = 'nope';
        q(d, 'visited').options[1].jump = 'notes';
      },
      ['visited:yesNoOptions'],
    ],
    [
      'a rating needs the options 1–5',
      (d) => {
        q(d, 'satisfaction').options.pop();
        q(d, 'satisfaction').options[3].points = 20;
      },
      ['satisfaction:ratingOptions'],
    ],
    [
      'free text cannot have options',
      (d) => {
        q(d, 'notes').options = [opt('a', 0)];
      },
      ['notes:optionsNotAllowed'],
    ],
    [
      'multiple choice cannot jump or end',
      (d) => {
        q(d, 'topics').options[0].jump = 'notes';
      },
      ['topics:multipleNoJump'],
    ],
    [
      'an option cannot both jump and end',
      (d) => {
        q(d, 'identity').options[1].jump = 'notes';
      },
      ['identity:jumpAndEnd'],
    ],
    [
      'a knock-out option cannot carry points',
      (d) => {
        q(d, 'visited').options[1].points = 5;
      },
      ['visited:knockOutPoints'],
    ],
    [
      'an unknown placeholder',
      (d) => {
        q(d, 'visited').text = '{manager} 经理是否于 {visitDay} 拜访过您？';
      },
      ['visited:unknownPlaceholder'],
    ],
    [
      'comparing the visit type needs a single-choice question',
      (d) => {
        q(d, 'notes').compare = { field: 'visitType', points: 0 };
      },
      ['notes:compareType'],
    ],
    [
      'comparing the visit type needs options that say which type',
      (d) => {
        for (const o of q(d, 'channel').options) o.value = '';
      },
      ['channel:compareNoValue', '*:maxScore'],
    ],
    ['no questions', (d) => void d.questions.splice(0), ['*:noQuestions']],
  ])('refuses %s', (_name, mutate, expected) => {
    const def = mutated(mutate);
    expect(codes(def)).toEqual(expected);
    expect(validateDefinition(def).ok).toBe(false);
  });

  it('names the question and its position in each issue', () => {
    const report = validateDefinition(mutated((d) => void (q(d, 'visited').options[0].jump = 'topics')));
    expect(report.issues[0]).toMatchObject({ code: 'unreachable', questionId: 'channel', index: 2, params: { question: 'channel', n: 3 } });
    expect(report.unreachable).toEqual(['channel']);
    expect(report.issues[1]).toMatchObject({ code: 'maxScore', questionId: null, params: { max: 80, expected: 100 } });
  });

  it('reports cycles without a maximum, and every cycle source', () => {
    const report = validateDefinition(mutated((d) => void (q(d, 'satisfaction').options[0].jump = 'identity')));
    expect(report.cycles).toEqual(['satisfaction']);
    expect(report.maxScore).toBeNull();
  });

  it('a backward jump that does not close a cycle is allowed', () => {
    const def: ScriptDefinition = {
      questions: [
        question('a', 'yes_no', [opt('yes', 0, { jump: 'c' }), opt('no', 0, { end: 'refused' })]),
        question('b', 'yes_no', [opt('yes', 50, { end: 'completed' }), opt('no', 0, { end: 'completed' })]),
        question('c', 'yes_no', [opt('yes', 50, { jump: 'b' }), opt('no', 0, { end: 'completed' })]),
      ],
    };
    expect(validateDefinition(def)).toMatchObject({ ok: true, maxScore: 100 });
  });

  it('in blind mode, text must not show what the manager reported', () => {
    const def = mutated((d) => {
      q(d, 'visited').text = '{manager}经理是否于{visitDate}拜访过您？';
      q(d, 'channel').hint = '报告：{visitType}';
    });
    expect(codes(def, false)).toEqual([]);
    expect(codes(def, true)).toEqual(['visited:blindRevealsReport', 'channel:blindRevealsReport']);
  });

  it('checks the opening and closing lines too', () => {
    const def = mutated((d) => {
      d.opening = '您好，关于{visitDate}的拜访……';
      d.closing = '谢谢{客户}';
    });
    expect(codes(def, false)).toEqual([]);
    expect(codes(mutated((d) => void (d.closing = '{thanks}')), false)).toEqual(['*:textUnknownPlaceholder']);
    expect(codes(def, true)).toEqual(['*:textBlindRevealsReport']);
  });
});

describe('maxReachableScore', () => {
  it.each<[string, ScriptDefinition, number]>([
    ['the best of two branches, not their sum', { questions: [question('a', 'single', [opt('x', 60, { jump: 'c' }), opt('y', 40)]), question('b', 'yes_no', [opt('yes', 50), opt('no', 0)]), question('c', 'yes_no', [opt('yes', 40), opt('no', 0)])] }, 130],
    ['an end option stops counting', { questions: [question('a', 'yes_no', [opt('yes', 10), opt('no', 90, { end: 'refused' })]), question('b', 'yes_no', [opt('yes', 50), opt('no', 0)])] }, 90],
    ['multiple choice sums its positive options', { questions: [question('m', 'multiple', [opt('a', 30), opt('b', 70), opt('c', -20)])] }, 100],
    ['a rating counts its best option', { questions: [question('r', 'rating', rating([0, 25, 50, 75, 100]))] }, 100],
    ['a compared visit date counts its points', { questions: [question('d', 'date', [], { compare: { field: 'visitDate', points: 40 } })] }, 40],
    ['skipping an optional question can be the best way', { questions: [question('a', 'single', [opt('x', -10)], { required: false }), question('b', 'yes_no', [opt('yes', 100), opt('no', 0)])] }, 100],
  ])('%s', (_name, def, expected) => {
    expect(maxReachableScore(def)).toBe(expected);
  });
});

describe('the shipped scripts', () => {
  it.each([
    ['standard', DEFAULT_SCRIPT, false],
    ['blind', DEFAULT_BLIND_SCRIPT, true],
  ] as const)('%s: well-formed, publishable, maximum 100', (_name, def, blind) => {
    expect(scriptDefinitionSchema.safeParse(def).success).toBe(true);
    expect(validateDefinition(def, { blind })).toMatchObject({ ok: true, maxScore: 100 });
  });

  it('the outcome list is the database enum', () => {
    expect([...CALL_OUTCOMES]).toEqual(callOutcomeEnum.enumValues);
    for (const o of END_OUTCOMES) expect(CALL_OUTCOMES).toContain(o);
  });
});

describe('maxScoreState', () => {
  it.each<[string, ScriptDefinition, string]>([
    ['an empty script has no questions yet (not a cycle)', { questions: [] }, 'empty'],
    ['a maximum of exactly 100', sampleDefinition(), 'ok'],
    ['a maximum other than 100', mutated((d) => void (q(d, 'satisfaction').options[4].points = 25)), 'wrong'],
    ['a cycle', mutated((d) => void (q(d, 'satisfaction').options[0].jump = 'visited')), 'cycle'],
  ])('%s', (_name, def, state) => {
    const report = validateDefinition(def);
    expect(maxScoreState(def, report)).toBe(state);
    // The panel's two lines agree: "no cycle" is never shown beside "has a cycle".
    if (state !== 'cycle') expect(report.cycles).toEqual([]);
  });
});

describe('negativeOptions', () => {
  it.each<[string, ScriptDefinition, string[]]>([
    ['none in a script without negative points', mutated((d) => void (q(d, 'topics').options[3].points = 0)), []],
    ['the sample’s −1 for an unrelated topic, named by question and option', sampleDefinition(), ['4:topics:x:-1']],
    [
      'every one, in question then option order',
      mutated((d) => {
        q(d, 'identity').options[1].points = -5;
        q(d, 'satisfaction').options[0].points = -10;
      }),
      ['1:identity:no:-5', '4:topics:x:-1', '5:satisfaction:1:-10'],
    ],
    ['none in an empty script', { questions: [] }, []],
  ])('%s', (_name, def, expected) => {
    expect(negativeOptions(def).map((o) => `${o.n}:${o.questionId}:${o.optionId}:${o.points}`)).toEqual(expected);
  });

  it('gives the option’s label and the question’s text for the warning', () => {
    expect(negativeOptions(sampleDefinition())[0]).toMatchObject({ questionText: '问题 topics', optionLabel: 'x' });
  });
});
