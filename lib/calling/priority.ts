/**
 * The order agents get ready callbacks in: appointments (due at their agreed time) first, then
 * boosted tasks (dispute re-callbacks), then class A before B before C/D, then the oldest visit,
 * then the id (a stable tie-break). It mirrors the database's generated `dispatch_rank` column
 * and the `callback_tasks_ready_order` index that "take next" walks; a test keeps them in step.
 */
export interface Prioritised {
  id: string;
  appointmentAt: Date | null;
  boosted: boolean;
  customerClass: 'A' | 'B' | 'C' | 'D';
  visitedAt: Date;
}

export function dispatchRank(task: Pick<Prioritised, 'appointmentAt' | 'boosted' | 'customerClass'>): number {
  if (task.appointmentAt) return 0;
  if (task.boosted) return 1;
  if (task.customerClass === 'A') return 2;
  if (task.customerClass === 'B') return 3;
  return 4;
}

/** Negative when `a` is offered before `b`. */
export function comparePriority(a: Prioritised, b: Prioritised): number {
  return (
    dispatchRank(a) - dispatchRank(b) ||
    a.visitedAt.getTime() - b.visitedAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
