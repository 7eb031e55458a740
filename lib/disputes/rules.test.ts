import { describe, expect, it } from 'vitest';
import type { CallingCalendar } from '@/lib/calling/calendar';
import { formatLocal } from '@/lib/calling/calendar';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import {
  disputeEligibility,
  disputeTransition,
  isOverdue,
  respondBy,
  spotCheckDisputeEligibility,
  spotCheckRefusal,
  subjectRefusal,
  windowEndsAt,
  withinWindow,
  type DisputeCommand,
  type EligibilityFacts,
  type SpotCheckEligibilityFacts,
} from './rules';
import type { DisputeState } from './schemas';

const SH = 'Asia/Shanghai';
const at = (local: string) => parseLocalDateTime(local, SH)!;
const local = (d: Date) => formatLocal(d, SH);

const WEEKDAYS: CallingCalendar = { windows: [{ start: '09:00', end: '18:00' }], weekdays: [1, 2, 3, 4, 5], holidays: [], makeUpWorkdays: [] };
// National Day 2026: 1–7 October off (the 3rd and 4th are a weekend anyway), Saturday 10 October worked.
const NATIONAL_DAY: CallingCalendar = { ...WEEKDAYS, holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'], makeUpWorkdays: ['2026-10-10'] };
const NO_WORKING_DAYS: CallingCalendar = { ...WEEKDAYS, weekdays: [] };

describe('the dispute window', () => {
  it.each([
    ['2026-12-03 10:00', 5, '2026-12-08 10:00'],
    ['2026-12-30 18:00', 5, '2027-01-04 18:00'],
    ['2026-12-03 10:00', 1, '2026-12-04 10:00'],
  ])('published %s, %i days → ends %s', (published, days, ends) => {
    expect(local(windowEndsAt(at(published), days))).toBe(ends);
  });

  it.each([
    ['2026-12-08 09:59', true],
    ['2026-12-08 10:00', false],
    ['2026-12-09 10:00', false],
    ['2026-12-03 10:00', true],
  ])('published 2026-12-03 10:00, 5 days: at %s within = %s', (now, expected) => {
    expect(withinWindow(at('2026-12-03 10:00'), 5, at(now))).toBe(expected);
  });
});

describe('respondBy: end of the Nth working day after the filing day', () => {
  it.each([
    ['2026-11-02 10:00', 3, WEEKDAYS, '2026-11-06 00:00', 'Monday → Tue, Wed, Thu'],
    ['2026-11-02 23:59', 3, WEEKDAYS, '2026-11-06 00:00', 'late on the filing day counts the same'],
    ['2026-11-06 15:00', 3, WEEKDAYS, '2026-11-12 00:00', 'Friday → Mon, Tue, Wed (the weekend is skipped)'],
    ['2026-11-07 11:00', 3, WEEKDAYS, '2026-11-12 00:00', 'Saturday → Mon, Tue, Wed'],
    ['2026-11-02 10:00', 1, WEEKDAYS, '2026-11-04 00:00', 'one working day'],
    ['2026-09-30 10:00', 3, NATIONAL_DAY, '2026-10-11 00:00', 'holidays skipped; the make-up Saturday counts: 8, 9, 10 October'],
    ['2026-10-09 10:00', 1, NATIONAL_DAY, '2026-10-11 00:00', 'Friday → the make-up Saturday'],
    ['2026-11-02 10:00', 3, NO_WORKING_DAYS, '2026-11-06 00:00', 'a calendar without working days falls back to calendar days'],
  ])('filed %s, %i working days → %s (%s)', (filed, days, calendar, expected) => {
    expect(local(respondBy(at(filed), days, calendar, SH))).toBe(expected);
  });

  it('takes the filing day in the time zone, not UTC: 16:30 UTC on Monday is Tuesday in Shanghai', () => {
    expect(local(respondBy(new Date('2026-11-02T16:30:00Z'), 3, WEEKDAYS, SH))).toBe('2026-11-07 00:00');
  });
});

describe('isOverdue', () => {
  const deadline = at('2026-11-06 00:00');
  it.each([
    ['open', '2026-11-05 23:59', false],
    ['open', '2026-11-06 00:00', true],
    ['under_review', '2026-11-10 09:00', true],
    ['upheld', '2026-11-10 09:00', false],
    ['overturned', '2026-11-10 09:00', false],
    ['withdrawn', '2026-11-10 09:00', false],
  ] as [DisputeState, string, boolean][])('%s at %s → %s', (state, now, expected) => {
    expect(isOverdue(state, deadline, at(now))).toBe(expected);
  });
});

describe('disputeTransition', () => {
  const decide = (decision: 'upheld' | 'overturned'): DisputeCommand => ({ kind: 'decide', decision });
  it.each([
    ['open', { kind: 'startReview' }, { ok: true, next: 'under_review' }],
    ['under_review', { kind: 'startReview' }, { ok: true, next: 'under_review' }],
    ['open', { kind: 'orderRecallback' }, { ok: true, next: 'under_review' }],
    ['under_review', { kind: 'orderRecallback' }, { ok: true, next: 'under_review' }],
    ['open', decide('upheld'), { ok: true, next: 'upheld' }],
    ['under_review', decide('overturned'), { ok: true, next: 'overturned' }],
    ['open', { kind: 'withdraw' }, { ok: true, next: 'withdrawn' }],
    ['under_review', { kind: 'withdraw' }, { ok: true, next: 'withdrawn' }],
    ['upheld', decide('overturned'), { ok: false, code: 'disputes.alreadyDecided' }],
    ['overturned', decide('overturned'), { ok: false, code: 'disputes.alreadyDecided' }],
    ['overturned', { kind: 'withdraw' }, { ok: false, code: 'disputes.alreadyDecided' }],
    ['upheld', { kind: 'startReview' }, { ok: false, code: 'disputes.alreadyDecided' }],
    ['upheld', { kind: 'orderRecallback' }, { ok: false, code: 'disputes.alreadyDecided' }],
    ['withdrawn', decide('upheld'), { ok: false, code: 'disputes.alreadyWithdrawn' }],
    ['withdrawn', { kind: 'withdraw' }, { ok: false, code: 'disputes.alreadyWithdrawn' }],
    ['withdrawn', { kind: 'startReview' }, { ok: false, code: 'disputes.alreadyWithdrawn' }],
  ] as [DisputeState, DisputeCommand, unknown][])('%s + %o → %o', (state, command, expected) => {
    expect(disputeTransition(state, command)).toEqual(expected);
  });
});

describe('what a manager may dispute', () => {
  const published = at('2026-12-03 10:00');
  const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
    verdict: { status: 'invalid', final: true, publishedAt: published },
    findingCodes: ['contact_depth'],
    disputes: [],
    windowDays: 5,
    now: at('2026-12-04 10:00'),
    ...over,
  });

  it('an invalid verdict and each current finding, until the window ends', () => {
    expect(disputeEligibility(facts())).toEqual({
      subjects: [
        { subject: 'verdict', findingCode: null },
        { subject: 'finding', findingCode: 'contact_depth' },
      ],
      windowEndsAt: at('2026-12-08 10:00'),
      blockedBy: null,
      openDisputeId: null,
      decidedDisputeId: null,
    });
  });

  it.each([
    ['a valid verdict: only its findings', facts({ verdict: { status: 'valid', final: true, publishedAt: published } }), [{ subject: 'finding', findingCode: 'contact_depth' }], null],
    ['a valid verdict without findings: nothing', facts({ verdict: { status: 'valid', final: true, publishedAt: published }, findingCodes: [] }), [], 'disputes.nothingToDispute'],
    ['no verdict yet', facts({ verdict: null }), [], 'disputes.verdictNotPublished'],
    ['a verdict not final (pending)', facts({ verdict: { status: 'pending', final: false, publishedAt: null } }), [], 'disputes.verdictNotPublished'],
    ['after the window', facts({ now: at('2026-12-08 10:00') }), [], 'disputes.windowOver'],
    ['a dispute undecided', facts({ disputes: [{ id: 'd1', state: 'under_review', subject: 'finding', findingCode: 'contact_depth' }] }), [], 'disputes.alreadyOpen'],
    [
      'the verdict decided before: only the finding',
      facts({ disputes: [{ id: 'd1', state: 'upheld', subject: 'verdict', findingCode: null }] }),
      [{ subject: 'finding', findingCode: 'contact_depth' }],
      null,
    ],
    [
      'a withdrawn dispute does not count',
      facts({ disputes: [{ id: 'd1', state: 'withdrawn', subject: 'verdict', findingCode: null }], findingCodes: [] }),
      [{ subject: 'verdict', findingCode: null }],
      null,
    ],
    [
      'everything decided before',
      facts({ disputes: [{ id: 'd1', state: 'upheld', subject: 'verdict', findingCode: null }], findingCodes: [] }),
      [],
      'disputes.subjectDecided',
    ],
  ])('%s', (_name, f, subjects, blockedBy) => {
    const e = disputeEligibility(f);
    expect(e.subjects).toEqual(subjects);
    expect(e.blockedBy).toBe(blockedBy);
  });

  // A decided dispute closes its ground: the finding disputed, or every finding the disputed
  // verdict rested on; and the verdict once it rests only on findings already decided.
  const sameContact = { status: 'invalid', final: true, publishedAt: published, reasons: [{ code: 'finding.same_contact_two_months' }] };
  const overturnedVerdict = { id: 'd1', state: 'overturned', subject: 'verdict', findingCode: null, groundFindings: ['same_contact_two_months'] } as const;
  const upheldFinding = { id: 'd1', state: 'upheld', subject: 'finding', findingCode: 'same_contact_two_months' } as const;
  const afterOverturn = { status: 'valid', final: true, publishedAt: at('2026-12-04 11:00'), reasons: [{ code: 'disputeOverturned' }] };
  it.each([
    [
      'an overturned verdict: the finding it rested on, still on the visit, is closed too (the new window reopens nothing)',
      facts({ verdict: afterOverturn, findingCodes: ['same_contact_two_months'], disputes: [overturnedVerdict], now: at('2026-12-05 10:00') }),
      [],
      'disputes.subjectDecided',
    ],
    [
      'an overturned verdict leaves a finding it did not rest on open',
      facts({ verdict: afterOverturn, findingCodes: ['same_contact_two_months', 'late_report'], disputes: [overturnedVerdict], now: at('2026-12-05 10:00') }),
      [{ subject: 'finding', findingCode: 'late_report' }],
      null,
    ],
    [
      'an upheld finding: neither it nor the verdict resting only on it',
      facts({ verdict: sameContact, findingCodes: ['same_contact_two_months'], disputes: [upheldFinding] }),
      [],
      'disputes.subjectDecided',
    ],
    [
      'an upheld finding: the verdict stays open while it rests on another finding too',
      facts({
        verdict: { ...sameContact, reasons: [{ code: 'finding.same_contact_two_months' }, { code: 'finding.not_claimant' }] },
        findingCodes: ['not_claimant', 'same_contact_two_months'],
        disputes: [upheldFinding],
      }),
      [
        { subject: 'verdict', findingCode: null },
        { subject: 'finding', findingCode: 'not_claimant' },
      ],
      null,
    ],
    [
      'an upheld finding does not close a verdict resting on the callback',
      facts({ verdict: { ...sameContact, reasons: [{ code: 'scoreBelow' }] }, findingCodes: ['contact_depth'], disputes: [{ id: 'd1', state: 'upheld', subject: 'finding', findingCode: 'contact_depth' }] }),
      [{ subject: 'verdict', findingCode: null }],
      null,
    ],
    [
      'an overturned finding, waived and gone, with nothing else: decided, not "nothing to dispute"',
      facts({ verdict: afterOverturn, findingCodes: [], disputes: [{ id: 'd1', state: 'overturned', subject: 'finding', findingCode: 'same_contact_two_months' }] }),
      [],
      'disputes.subjectDecided',
    ],
    [
      'a withdrawn verdict dispute closes nothing',
      facts({ verdict: sameContact, findingCodes: ['same_contact_two_months'], disputes: [{ ...overturnedVerdict, state: 'withdrawn' }] }),
      [
        { subject: 'verdict', findingCode: null },
        { subject: 'finding', findingCode: 'same_contact_two_months' },
      ],
      null,
    ],
  ] as const)('%s', (_name, f, subjects, blockedBy) => {
    const e = disputeEligibility(f as EligibilityFacts);
    expect(e.subjects).toEqual(subjects);
    expect(e.blockedBy).toBe(blockedBy);
  });

  it('points to the latest decided dispute', () => {
    const f = facts({ verdict: afterOverturn, findingCodes: ['same_contact_two_months'], disputes: [{ id: 'd0', state: 'withdrawn', subject: 'verdict', findingCode: null }, overturnedVerdict] });
    expect(disputeEligibility(f).decidedDisputeId).toBe('d1');
  });

  it.each([
    ['finding', 'same_contact_two_months', facts({ verdict: afterOverturn, findingCodes: ['same_contact_two_months'], disputes: [overturnedVerdict] }), 'disputes.subjectDecided'],
    ['verdict', null, facts({ verdict: afterOverturn, findingCodes: [], disputes: [overturnedVerdict] }), 'disputes.subjectDecided'],
    // Waived (no longer on the visit), yet the manager is told it was decided, not that it is gone.
    ['finding', 'same_contact_two_months', facts({ verdict: afterOverturn, findingCodes: [], disputes: [{ id: 'd1', state: 'overturned', subject: 'finding', findingCode: 'same_contact_two_months' }] }), 'disputes.subjectDecided'],
    ['verdict', null, facts({ verdict: sameContact, findingCodes: ['same_contact_two_months'], disputes: [upheldFinding] }), 'disputes.subjectDecided'],
  ] as const)('refused on a closed ground: %s %s → %s', (subject, code, f, expected) => {
    expect(subjectRefusal(f, subject, code)).toMatchObject({ code: expected, conflict: true });
  });

  it('points to the undecided dispute', () => {
    expect(disputeEligibility(facts({ disputes: [{ id: 'd1', state: 'open', subject: 'verdict', findingCode: null }] })).openDisputeId).toBe('d1');
  });

  it.each([
    ['verdict', null, facts(), null],
    ['finding', 'contact_depth', facts(), null],
    ['finding', 'late_report', facts(), 'disputes.findingNotCurrent'],
    ['verdict', null, facts({ verdict: { status: 'valid', final: true, publishedAt: published } }), 'disputes.verdictNotInvalid'],
    ['verdict', null, facts({ now: at('2026-12-09 10:00') }), 'disputes.windowOver'],
    ['verdict', null, facts({ disputes: [{ id: 'd1', state: 'open', subject: 'finding', findingCode: 'contact_depth' }] }), 'disputes.alreadyOpen'],
    ['verdict', null, facts({ disputes: [{ id: 'd1', state: 'overturned', subject: 'verdict', findingCode: null }] }), 'disputes.subjectDecided'],
    ['finding', 'contact_depth', facts({ disputes: [{ id: 'd1', state: 'overturned', subject: 'verdict', findingCode: null }] }), null],
  ] as const)('subject %s %s → refused %s', (subject, code, f, expected) => {
    expect(subjectRefusal(f, subject, code)?.code ?? null).toBe(expected);
  });
});

describe('what of a spot check a manager may dispute (电话抽查发现未拜访)', () => {
  const FOUND = at('2026-12-04 15:00');
  const facts = (over: Partial<SpotCheckEligibilityFacts> = {}): SpotCheckEligibilityFacts => ({
    finding: 'not_visited',
    findingAt: FOUND,
    disputes: [],
    windowDays: 5,
    now: at('2026-12-05 10:00'),
    ...over,
  });

  it.each<[string, Partial<SpotCheckEligibilityFacts>, string | null, boolean]>([
    ['a not_visited finding within the window', {}, null, false],
    ['the last minute of the window', { now: at('2026-12-09 14:59') }, null, false],
    ['the window over (5 days after the finding)', { now: at('2026-12-09 15:00') }, 'disputes.windowOver', false],
    ['visited: nothing against the manager', { finding: 'visited' }, 'disputes.spotCheckNotAFinding', false],
    ['unreachable counts as visited', { finding: 'unreachable' }, 'disputes.spotCheckNotAFinding', false],
    ['unverified is never against the manager', { finding: 'unverified' }, 'disputes.spotCheckNotAFinding', false],
    ['no finding yet (the callback is open)', { finding: null, findingAt: null }, 'disputes.spotCheckNotAFinding', false],
    ['one already open', { disputes: [{ id: 'd1', state: 'open' }] }, 'disputes.alreadyOpen', true],
    ['one under review, even after the window', { disputes: [{ id: 'd1', state: 'under_review' }], now: at('2026-12-20 10:00') }, 'disputes.alreadyOpen', true],
    ['upheld: final', { disputes: [{ id: 'd1', state: 'upheld' }] }, 'disputes.subjectDecided', true],
    ['overturned: the finding no longer stands, and says why', { finding: 'visited', disputes: [{ id: 'd1', state: 'overturned' }] }, 'disputes.subjectDecided', true],
    ['withdrawn: may dispute again within the window', { disputes: [{ id: 'd1', state: 'withdrawn' }] }, null, false],
  ])('%s', (_case, over, blockedBy, conflict) => {
    const e = spotCheckDisputeEligibility(facts(over));
    expect(e.blockedBy).toBe(blockedBy);
    expect(e.canDispute).toBe(blockedBy === null);
    expect(spotCheckRefusal(facts(over))).toEqual(blockedBy === null ? null : { code: blockedBy, conflict });
  });

  it('says until when, and links the open or decided dispute', () => {
    expect(local(spotCheckDisputeEligibility(facts()).windowEndsAt!)).toBe('2026-12-09 15:00');
    expect(spotCheckDisputeEligibility(facts({ finding: 'visited' })).windowEndsAt).toBeNull();
    expect(spotCheckDisputeEligibility(facts({ disputes: [{ id: 'd0', state: 'withdrawn' }, { id: 'd1', state: 'open' }] }))).toMatchObject({ openDisputeId: 'd1', decidedDisputeId: null });
    expect(spotCheckDisputeEligibility(facts({ disputes: [{ id: 'd0', state: 'upheld' }] }))).toMatchObject({ openDisputeId: null, decidedDisputeId: 'd0' });
  });
});
