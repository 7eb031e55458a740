import { describe, expect, it } from 'vitest';
import { comparePriority, dispatchRank, type Prioritised } from './priority';

const day = (d: number) => new Date(Date.UTC(2026, 10, d, 2));
const task = (id: string, overrides: Partial<Prioritised>): Prioritised => ({
  id,
  appointmentAt: null,
  boosted: false,
  customerClass: 'C',
  visitedAt: day(10),
  ...overrides,
});

describe('priority order', () => {
  it('offers appointments, then boosted, then A, B, C/D, then the oldest visit, then by id', () => {
    const tasks = [
      task('c-old', { customerClass: 'C', visitedAt: day(1) }),
      task('d-older', { customerClass: 'D', visitedAt: day(2) }),
      task('b-new', { customerClass: 'B', visitedAt: day(20) }),
      task('a-new', { customerClass: 'A', visitedAt: day(20) }),
      task('a-old', { customerClass: 'A', visitedAt: day(3) }),
      task('boosted-d', { customerClass: 'D', boosted: true, visitedAt: day(25) }),
      task('appointment-c', { customerClass: 'C', appointmentAt: day(27), visitedAt: day(26) }),
      task('c-same-2', { customerClass: 'C', visitedAt: day(5) }),
      task('c-same-1', { customerClass: 'C', visitedAt: day(5) }),
    ];
    expect([...tasks].sort(comparePriority).map((t) => t.id)).toEqual([
      'appointment-c',
      'boosted-d',
      'a-old',
      'a-new',
      'b-new',
      'c-old',
      'd-older',
      'c-same-1',
      'c-same-2',
    ]);
  });

  it.each([
    [{ appointmentAt: day(1), boosted: true, customerClass: 'A' as const }, 0],
    [{ appointmentAt: null, boosted: true, customerClass: 'A' as const }, 1],
    [{ appointmentAt: null, boosted: false, customerClass: 'A' as const }, 2],
    [{ appointmentAt: null, boosted: false, customerClass: 'B' as const }, 3],
    [{ appointmentAt: null, boosted: false, customerClass: 'C' as const }, 4],
    [{ appointmentAt: null, boosted: false, customerClass: 'D' as const }, 4],
  ])('rank of %j is %i (as the database computes dispatch_rank)', (t, rank) => expect(dispatchRank(t)).toBe(rank));
});
