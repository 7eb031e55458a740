import { describe, expect, it } from 'vitest';
import {
  compareEvents,
  isEditable,
  isPlannableMonth,
  isReviewable,
  plannedAtInMonth,
  planTransition,
  readPlannedAt,
  type PlanCommand,
  type PlanEventAction,
  type PlanStatus,
} from './rules';

const SH = 'Asia/Shanghai';

describe('planTransition', () => {
  it.each<[PlanStatus, PlanCommand, PlanStatus | string, number]>([
    ['draft', 'edit', 'draft', 0],
    ['draft', 'submit', 'submitted', 1],
    ['draft', 'approve', 'plans.notSubmitted', 0],
    ['draft', 'reject', 'plans.notSubmitted', 0],
    ['submitted', 'edit', 'plans.awaitingReview', 1],
    ['submitted', 'submit', 'plans.awaitingReview', 1],
    ['submitted', 'approve', 'approved', 1],
    ['submitted', 'reject', 'rejected', 1],
    ['rejected', 'edit', 'rejected', 1],
    ['rejected', 'submit', 'submitted', 2],
    ['rejected', 'approve', 'plans.notSubmitted', 1],
    ['rejected', 'reject', 'plans.notSubmitted', 1],
    ['approved', 'edit', 'plans.approvedLocked', 1],
    ['approved', 'submit', 'plans.approvedLocked', 1],
    ['approved', 'approve', 'plans.approvedLocked', 1],
    ['approved', 'reject', 'plans.approvedLocked', 1],
  ])('%s + %s → %s (revision %d)', (status, command, expected, revision) => {
    const outcome = planTransition(status, command, status === 'draft' ? 0 : 1);
    if (expected.startsWith('plans.')) {
      expect(outcome).toEqual({ ok: false, code: expected });
    } else {
      expect(outcome).toEqual({ ok: true, next: expected, revision });
    }
  });

  it.each<[PlanStatus, boolean, boolean]>([
    ['draft', true, false],
    ['submitted', false, true],
    ['rejected', true, false],
    ['approved', false, false],
  ])('%s: editable %s, reviewable %s', (status, editable, reviewable) => {
    expect(isEditable(status)).toBe(editable);
    expect(isReviewable(status)).toBe(reviewable);
  });
});

describe('plannedAtInMonth (Asia/Shanghai)', () => {
  it.each([
    ['2026-10-31T15:59:59.999Z', '2026-11', false], // 23:59:59.999 on 31 Oct local
    ['2026-10-31T16:00:00.000Z', '2026-11', true], // local midnight 1 Nov
    ['2026-11-15T02:00:00.000Z', '2026-11', true],
    ['2026-11-30T15:59:59.999Z', '2026-11', true], // last instant of November local
    ['2026-11-30T16:00:00.000Z', '2026-11', false], // local midnight 1 Dec
    ['2026-12-31T16:00:00.000Z', '2026-12', false], // already January local
    ['2026-12-31T15:00:00.000Z', '2026-12', true],
  ])('%s in %s: %s', (iso, month, inside) => {
    expect(plannedAtInMonth(new Date(iso), month, SH)).toBe(inside);
  });
});

describe('isPlannableMonth', () => {
  const now = new Date('2026-10-31T17:00:00Z'); // 1 Nov 01:00 local, still 31 Oct in UTC
  it.each([
    ['2026-10', false],
    ['2026-11', true],
    ['2026-12', true],
    ['2027-01', true],
    ['2025-12', false],
  ])('%s: %s', (month, plannable) => {
    expect(isPlannableMonth(month, now, SH)).toBe(plannable);
  });
});

describe('readPlannedAt', () => {
  it.each([
    ['2026-11-03T14:30', '2026-11-03T06:30:00.000Z'],
    ['2026-11-03 14:30', '2026-11-03T06:30:00.000Z'],
    [' 2026-11-03T14:30 ', '2026-11-03T06:30:00.000Z'],
    ['2026-11-03T06:30:00Z', '2026-11-03T06:30:00.000Z'],
    ['2026-11-03T14:30:00+08:00', '2026-11-03T06:30:00.000Z'],
    ['2026-11-03T14:30:00.000+0800', '2026-11-03T06:30:00.000Z'],
  ])('%s → %s', (text, iso) => {
    expect(readPlannedAt(text, SH)?.toISOString()).toBe(iso);
  });

  it.each(['', 'tomorrow', '2026-02-30T10:00', '2026-11-03T25:00', '2026-13-01T10:00'])('refuses %j', (text) => {
    expect(readPlannedAt(text, SH)).toBeUndefined();
  });
});

describe('compareEvents', () => {
  const at = new Date('2026-11-02T02:00:00Z');
  const ev = (action: PlanEventAction, revision: number, time = at) => ({ action, revision, at: time });

  it('orders a full history even when every event has the same timestamp', () => {
    const history = [
      ev('created', 0),
      ev('edited', 0),
      ev('submitted', 1),
      ev('rejected', 1),
      ev('edited', 1),
      ev('submitted', 2),
      ev('approved', 2),
    ];
    const shuffled = [history[4], history[6], history[0], history[2], history[5], history[1], history[3]];
    expect(shuffled.sort(compareEvents)).toEqual(history);
  });

  it('orders edits of one revision by time', () => {
    const first = ev('edited', 0, new Date('2026-11-02T02:00:00Z'));
    const second = ev('edited', 0, new Date('2026-11-02T03:00:00Z'));
    expect([second, first].sort(compareEvents)).toEqual([first, second]);
  });
});
