/**
 * 维系积分: a manager's maintenance points per customer per month, kept in an append-only ledger.
 * The rules here compute what the month's entries should add up to; `ledgerDelta` turns the
 * difference from what the ledger already holds into new entries (reversals included), so a
 * changed verdict is corrected by appending, never by editing.
 */
export type CustomerClass = 'A' | 'B' | 'C' | 'D';
export type EntryKind = 'accrual' | 'deduction' | 'coverage_zeroing' | 'reversal';

export interface PointsPolicy {
  basePoints: Record<CustomerClass, number>;
  /** Points taken for a customer with an invalid visit: 'all' of its month's accrual, or a number. */
  deductionPerInvalid: 'all' | number;
}

export interface DesiredEntry {
  /** Identifies what the entry is about within the manager's month, e.g. 'accrual:<customerId>'. */
  key: string;
  kind: Exclude<EntryKind, 'reversal'>;
  customerId: string | null;
  points: number;
  /** What caused it (visit ids for a deduction), for the ledger's cause column. */
  cause: string;
}

export function desiredMonthEntries(input: {
  customers: { customerId: string; customerClass: CustomerClass }[];
  /** Invalid visits of the month, by customer. */
  invalidVisits: ReadonlyMap<string, readonly string[]>;
  coverageFailed: boolean;
  policy: PointsPolicy;
}): DesiredEntry[] {
  const entries: DesiredEntry[] = [];
  let total = 0;
  for (const { customerId, customerClass } of [...input.customers].sort((a, b) => a.customerId.localeCompare(b.customerId))) {
    const accrual = input.policy.basePoints[customerClass];
    entries.push({ key: `accrual:${customerId}`, kind: 'accrual', customerId, points: accrual, cause: `class ${customerClass}` });
    total += accrual;
    const invalid = input.invalidVisits.get(customerId) ?? [];
    if (invalid.length > 0) {
      // DOMAIN rule 8: invalid visits deduct that customer's points — never below zero for it.
      const taken = input.policy.deductionPerInvalid === 'all' ? accrual : Math.min(accrual, input.policy.deductionPerInvalid * invalid.length);
      entries.push({ key: `deduction:${customerId}`, kind: 'deduction', customerId, points: -taken, cause: [...invalid].sort().join(',') });
      total -= taken;
    }
  }
  // DOMAIN rule 7: below the required coverage, the month's points are 0.
  if (input.coverageFailed && total > 0) entries.push({ key: 'coverage', kind: 'coverage_zeroing', customerId: null, points: -total, cause: 'coverage' });
  return entries;
}

export interface ExistingEntry {
  key: string;
  points: number;
}

export interface NewEntry {
  key: string;
  kind: EntryKind;
  customerId: string | null;
  points: number;
  cause: string;
}

/**
 * The entries to append so the ledger's sums per key equal the desired ones. A key already in the
 * ledger is corrected with a 'reversal'; keys no longer desired are reversed to zero.
 */
export function ledgerDelta(desired: readonly DesiredEntry[], existing: readonly ExistingEntry[]): NewEntry[] {
  const have = new Map<string, number>();
  for (const e of existing) have.set(e.key, (have.get(e.key) ?? 0) + e.points);
  const out: NewEntry[] = [];
  const wanted = new Set<string>();
  for (const d of desired) {
    wanted.add(d.key);
    const current = have.get(d.key);
    const diff = d.points - (current ?? 0);
    if (diff === 0) continue;
    out.push({ key: d.key, kind: current === undefined ? d.kind : 'reversal', customerId: d.customerId, points: diff, cause: d.cause });
  }
  for (const [key, sum] of [...have.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (wanted.has(key) || sum === 0) continue;
    const customerId = key.includes(':') ? key.slice(key.indexOf(':') + 1) : null;
    out.push({ key, kind: 'reversal', customerId, points: -sum, cause: 'no longer applies' });
  }
  return out;
}

export function balance(entries: readonly { points: number }[]): number {
  return entries.reduce((sum, e) => sum + e.points, 0);
}
