import { describe, expect, it } from 'vitest';
import {
  callbackFinding,
  dayResult,
  desiredPenalty,
  flagDue,
  flagWindow,
  itemFinding,
  penaltyLedgerDelta,
  type LedgerEntry,
  type SpotCheckCallback,
  type SpotCheckFinding,
} from './finding-rules';

const POLICY = { penaltyIncompletePerFindingYuan: 50, penaltyNoneYuan: 100 };

describe('callbackFinding: what one callback found', () => {
  it.each<[string, Pick<SpotCheckCallback, 'state' | 'outcome' | 'result'>, SpotCheckFinding | null]>([
    ['completed, scored valid', { state: 'closed', outcome: 'completed', result: 'valid' }, 'visited'],
    ['completed, scored invalid (the customer says nobody came)', { state: 'closed', outcome: 'completed', result: 'invalid' }, 'not_visited'],
    ['completed but never scored', { state: 'closed', outcome: 'completed', result: null }, 'unverified'],
    ['attempts used up without contact: counts as visited', { state: 'unreachable', outcome: 'no_answer', result: null }, 'unreachable'],
    ['refused', { state: 'closed', outcome: 'refused', result: null }, 'unverified'],
    ['wrong person', { state: 'closed', outcome: 'wrong_person', result: null }, 'unverified'],
    ['number invalid', { state: 'closed', outcome: 'number_invalid', result: null }, 'unverified'],
    ['partial, even with a score', { state: 'closed', outcome: 'partial', result: 'invalid' }, 'unverified'],
    ['cancelled by staff', { state: 'cancelled', outcome: null, result: null }, 'unverified'],
    ['expired past its deadline (cancelled by the timers)', { state: 'cancelled', outcome: null, result: null }, 'unverified'],
    ['waiting', { state: 'waiting', outcome: null, result: null }, null],
    ['ready', { state: 'ready', outcome: null, result: null }, null],
    ['held by an agent', { state: 'held', outcome: null, result: null }, null],
  ])('%s → %s', (_label, cb, expected) => {
    expect(callbackFinding(cb)).toBe(expected);
  });
});

const cb = (over: Partial<SpotCheckCallback>): SpotCheckCallback => ({ origin: 'sampled', state: 'closed', outcome: 'completed', result: 'invalid', closedAt: new Date('2026-11-02T08:00:00Z'), ...over });

describe('itemFinding: which callback stands', () => {
  it.each<[string, Parameters<typeof itemFinding>[0], ReturnType<typeof itemFinding>]>([
    ['the sampled callback alone', { callbacks: [cb({})], dispute: null }, { finding: 'not_visited', source: 'callback' }],
    ['no callback yet', { callbacks: [], dispute: null }, null],
    ['the sampled callback still open', { callbacks: [cb({ state: 'ready', outcome: null, result: null })], dispute: null }, null],
    [
      'a completed recheck supersedes the first callback',
      { callbacks: [cb({}), cb({ origin: 'recheck', result: 'valid', closedAt: new Date('2026-11-04T08:00:00Z') })], dispute: null },
      { finding: 'visited', source: 'recheck' },
    ],
    [
      'the latest completed recheck stands',
      {
        callbacks: [
          cb({ result: 'valid' }),
          cb({ origin: 'recheck', result: 'invalid', closedAt: new Date('2026-11-05T08:00:00Z') }),
          cb({ origin: 'recheck', result: 'valid', closedAt: new Date('2026-11-04T08:00:00Z') }),
        ],
        dispute: null,
      },
      { finding: 'not_visited', source: 'recheck' },
    ],
    [
      'a recheck still open changes nothing',
      { callbacks: [cb({}), cb({ origin: 'recheck', state: 'ready', outcome: null, result: null, closedAt: null })], dispute: null },
      { finding: 'not_visited', source: 'callback' },
    ],
    [
      'a recheck that reached nobody changes nothing',
      { callbacks: [cb({}), cb({ origin: 'recheck', state: 'unreachable', outcome: 'busy', result: null })], dispute: null },
      { finding: 'not_visited', source: 'callback' },
    ],
    ['an overturned dispute withdraws the finding', { callbacks: [cb({})], dispute: 'overturned' }, { finding: 'visited', source: 'dispute' }],
    [
      'an upheld dispute keeps it, whatever the recheck said',
      { callbacks: [cb({}), cb({ origin: 'recheck', result: 'valid' })], dispute: 'upheld' },
      { finding: 'not_visited', source: 'dispute' },
    ],
  ])('%s', (_label, input, expected) => {
    expect(itemFinding(input)).toEqual(expected);
  });
});

describe('dayResult: the manager-day once every checked customer has a finding', () => {
  it.each<[string, (SpotCheckFinding | null)[], ReturnType<typeof dayResult>]>([
    ['all visited → 到位', ['visited', 'visited', 'visited', 'visited', 'visited'], { result: 'on_site', findings: 0, penaltyYuan: 0 }],
    ['unreachable counts as visited', ['visited', 'unreachable', 'unreachable', 'visited', 'visited'], { result: 'on_site', findings: 0, penaltyYuan: 0 }],
    ['every customer unreachable or unverified → 到位 (nothing against the manager)', ['unreachable', 'unverified', 'unverified'], { result: 'on_site', findings: 0, penaltyYuan: 0 }],
    ['two of five not visited → 拜访不全, 50 each', ['not_visited', 'visited', 'not_visited', 'visited', 'unreachable'], { result: 'incomplete', findings: 2, penaltyYuan: 100 }],
    ['four of five not visited, one unverified → 拜访不全', ['not_visited', 'not_visited', 'not_visited', 'not_visited', 'unverified'], { result: 'incomplete', findings: 4, penaltyYuan: 200 }],
    ['all not visited → 未拜访, 100 for the day', ['not_visited', 'not_visited', 'not_visited', 'not_visited', 'not_visited'], { result: 'none', findings: 5, penaltyYuan: 100 }],
    ['one customer checked, not visited → 未拜访', ['not_visited'], { result: 'none', findings: 1, penaltyYuan: 100 }],
    ['one still open → no result yet', ['not_visited', null, 'visited'], null],
    ['no customer checked → no result', [], null],
  ])('%s', (_label, findings, expected) => {
    expect(dayResult(findings, POLICY)).toEqual(expected);
  });

  it('the amounts are the policy’s', () => {
    expect(dayResult(['not_visited', 'visited'], { penaltyIncompletePerFindingYuan: 30, penaltyNoneYuan: 80 })?.penaltyYuan).toBe(30);
    expect(dayResult(['not_visited', 'not_visited'], { penaltyIncompletePerFindingYuan: 30, penaltyNoneYuan: 80 })?.penaltyYuan).toBe(80);
  });
});

describe('desiredPenalty', () => {
  it.each<[string, ReturnType<typeof dayResult>, ReturnType<typeof desiredPenalty>]>([
    ['no result yet', null, null],
    ['到位 owes nothing', { result: 'on_site', findings: 0, penaltyYuan: 0 }, null],
    ['拜访不全', { result: 'incomplete', findings: 2, penaltyYuan: 100 }, { cause: 'incomplete', amountYuan: 100, causeParams: { findings: 2, perFindingYuan: 50 } }],
    ['未拜访', { result: 'none', findings: 5, penaltyYuan: 100 }, { cause: 'none', amountYuan: 100, causeParams: { findings: 5, yuan: 100 } }],
    ['a policy of 0 yuan writes no entry', { result: 'none', findings: 5, penaltyYuan: 0 }, null],
  ])('%s', (_label, day, expected) => {
    expect(desiredPenalty(day, POLICY)).toEqual(expected);
  });
});

const penalty = (id: number, cause: string, amountYuan: number): LedgerEntry => ({ id, kind: 'penalty', amountYuan, cause, reverses: null });
const reversal = (id: number, of: LedgerEntry): LedgerEntry => ({ id, kind: 'reversal', amountYuan: -of.amountYuan, cause: of.cause, reverses: of.id });
const incomplete100 = { cause: 'incomplete' as const, amountYuan: 100, causeParams: { findings: 2, perFindingYuan: 50 } };
const none100 = { cause: 'none' as const, amountYuan: 100, causeParams: { findings: 5, yuan: 100 } };

describe('penaltyLedgerDelta: entries by difference', () => {
  it.each<[string, Parameters<typeof penaltyLedgerDelta>[0], LedgerEntry[], ReturnType<typeof penaltyLedgerDelta>]>([
    ['a first penalty', incomplete100, [], [{ kind: 'penalty', amountYuan: 100, cause: 'incomplete', causeParams: incomplete100.causeParams, reverses: null }]],
    ['unchanged: nothing (idempotent)', incomplete100, [penalty(1, 'incomplete', 100)], []],
    ['nothing owed, nothing written', null, [], []],
    ['the result is now 到位: the penalty is reversed', null, [penalty(1, 'incomplete', 100)], [{ kind: 'reversal', amountYuan: -100, cause: 'incomplete', causeParams: { reason: 'resultChanged' }, reverses: 1 }]],
    [
      'same amount, other cause (不全 → 未拜访): reversed and charged again',
      none100,
      [penalty(1, 'incomplete', 100)],
      [
        { kind: 'reversal', amountYuan: -100, cause: 'incomplete', causeParams: { reason: 'resultChanged' }, reverses: 1 },
        { kind: 'penalty', amountYuan: 100, cause: 'none', causeParams: none100.causeParams, reverses: null },
      ],
    ],
    [
      'more findings: 100 → 150',
      { cause: 'incomplete', amountYuan: 150, causeParams: { findings: 3, perFindingYuan: 50 } },
      [penalty(1, 'incomplete', 100)],
      [
        { kind: 'reversal', amountYuan: -100, cause: 'incomplete', causeParams: { reason: 'resultChanged' }, reverses: 1 },
        { kind: 'penalty', amountYuan: 150, cause: 'incomplete', causeParams: { findings: 3, perFindingYuan: 50 }, reverses: null },
      ],
    ],
    ['a reversed penalty no longer stands', null, [penalty(1, 'incomplete', 100), reversal(2, penalty(1, 'incomplete', 100))], []],
    [
      'back to a penalty already reversed once: a new entry',
      incomplete100,
      [penalty(1, 'incomplete', 100), reversal(2, penalty(1, 'incomplete', 100))],
      [{ kind: 'penalty', amountYuan: 100, cause: 'incomplete', causeParams: incomplete100.causeParams, reverses: null }],
    ],
  ])('%s', (_label, desired, existing, expected) => {
    expect(penaltyLedgerDelta(desired, existing)).toEqual(expected);
  });

  it('after the delta the ledger sums to what is owed, and a second delta is empty', () => {
    const sequence = [incomplete100, none100, null, { cause: 'incomplete' as const, amountYuan: 50, causeParams: {} }, incomplete100];
    const ledger: LedgerEntry[] = [];
    for (const desired of sequence) {
      for (const e of penaltyLedgerDelta(desired, ledger)) ledger.push({ id: ledger.length + 1, kind: e.kind, amountYuan: e.amountYuan, cause: e.cause, reverses: e.reverses });
      expect(ledger.reduce((n, e) => n + e.amountYuan, 0)).toBe(desired?.amountYuan ?? 0);
      expect(penaltyLedgerDelta(desired, ledger)).toEqual([]);
    }
  });
});

describe('the removal flag', () => {
  const policy = { flagThreshold: 5, flagWindowDays: 90 };
  it.each<[string, string, string | null, { from: string; to: string }]>([
    ['90 days ending today', '2026-11-30', null, { from: '2026-09-02', to: '2026-11-30' }],
    ['across a year end', '2027-01-15', null, { from: '2026-10-18', to: '2027-01-15' }],
    ['only after the day the last flag was cleared', '2026-11-30', '2026-11-10', { from: '2026-11-11', to: '2026-11-30' }],
    ['a clearing before the window changes nothing', '2026-11-30', '2026-01-10', { from: '2026-09-02', to: '2026-11-30' }],
  ])('window: %s', (_label, today, cleared, expected) => {
    expect(flagWindow(today, policy, cleared)).toEqual(expected);
  });

  it.each<[string, number, boolean, boolean]>([
    ['below the threshold', 4, false, false],
    ['at the threshold', 5, false, true],
    ['above it', 7, false, true],
    ['already flagged: not again', 6, true, false],
  ])('%s (%i findings, open flag %s) → %s', (_label, findingsInWindow, hasOpenFlag, expected) => {
    expect(flagDue({ findingsInWindow, hasOpenFlag, policy })).toBe(expected);
  });
});
