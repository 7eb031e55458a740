import type { DbOrTx } from '@/db/client';

/** One manager's decision for a day, with the customers drawn when checked (the CLI's JSON shape, plus ids). */
export interface SpotCheckSelection {
  day: string;
  policyVersion: number;
  dryRun: boolean;
  selections: {
    managerId: string;
    manager: string;
    managerName: string;
    unitId: string | null;
    draw: number;
    selected: boolean;
    reasonCode: string;
    reasonParams: Record<string, string | number>;
    customers: { planItemId: string; customerId: string; code: string; name: string; plannedAt: Date; draw: number; reason: string; reasonCode: string }[];
  }[];
  /** Callback tasks created now (0 on a dry run, or when the day was already selected). */
  created: number;
}

// BUILDING (helper "spot-check selection"): replaced within this session by the real selection.
export async function selectSpotChecks(_db: DbOrTx, _input: { day: string; dryRun?: boolean; now?: Date }): Promise<SpotCheckSelection> {
  throw new Error('spot-check selection is being built');
}

/** The daily job: today's selection when today is a working day of the calling calendar, else nothing. */
export async function selectTodaysSpotChecks(_db: DbOrTx, _now: Date): Promise<SpotCheckSelection | null> {
  throw new Error('spot-check selection is being built');
}
