import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { decodedRows } from '@/lib/platform/core/sql';
import { monthRange, shiftMonth } from '@/lib/platform/time/zone';
import { COUNTING_VISIT_SQL } from '@/lib/visits/backfill-rules';
import { paceOf } from './pace';
import { myCoverage } from './progress';

/**
 * 我的本月, the manager's own dashboard (issue 14 §2): their coverage of the month (the customers
 * that count and what each needs, `myCoverage`), their pace against the month (lib/coverage/pace.ts),
 * what is still required — the customers not yet covered, each with what it needs — and their trend:
 * the valid rate and the points of the month and the six before it. A manager only, their own.
 *
 * The trend reads what the manager reads elsewhere: each visit's latest published verdict (one being
 * verified again keeps its published one), visits held back as 超期补报 not counted; valid rate =
 * valid / (valid + invalid) — unverified and pending are no judgement — and a month with nothing
 * judged is not measured (null), never 0 % or 100 %. Points are the sum of the month's ledger
 * entries; a month with no entry has no points on record (null), which is not 0.
 */

/** How many months before the one shown the trend goes back. */
export const MY_TREND_MONTHS_BEFORE = 6;

export interface MyTrendMonth {
  month: string;
  valid: number;
  invalid: number;
  /** valid / (valid + invalid); null = 未测. */
  validRate: number | null;
  /** The sum of the month's ledger entries; null = none on record. */
  points: number | null;
}

const validRow = z.object({ month: z.string(), valid: z.number(), invalid: z.number() });
const pointsRow = z.object({ month: z.string(), points: z.number() });

/** A manager's judged visits per month (latest published verdict), one aggregate over the (manager, month) index. */
export async function loadMyValidCounts(db: DbOrTx, managerId: string, months: readonly string[]) {
  return decodedRows(
    db,
    validRow,
    sql`
      with in_force as (
        select distinct on (vv.visit_id) vv.visit_id, vv.month, vv.status
          from visit_verdicts vv
         where vv.manager_id = ${managerId}::uuid and vv.month = any(${`{${months.join(',')}}`}::text[]) and vv.published_at is not null
         order by vv.visit_id, vv.version desc
      )
      select f.month, count(*) filter (where f.status = 'valid')::int as valid, count(*) filter (where f.status = 'invalid')::int as invalid
        from in_force f join visit_reports v on v.id = f.visit_id
       where ${sql.raw(COUNTING_VISIT_SQL)}
       group by f.month`,
  );
}

/** A manager's points per month: the sums of the ledger's entries, over the (manager, month) index. */
export async function loadMyPoints(db: DbOrTx, managerId: string, months: readonly string[]) {
  return decodedRows(
    db,
    pointsRow,
    sql`select month, sum(points)::int as points from points_ledger
         where manager_id = ${managerId}::uuid and month = any(${`{${months.join(',')}}`}::text[]) group by month`,
  );
}

export async function getMyMonthDashboard({ ctx, input }: { ctx: Ctx; input: { month?: string } }) {
  // Role, input and the month are myCoverage's: one reading of "the month asked for".
  const coverage = await myCoverage({ ctx, input });
  const timeZone = env().APP_TIMEZONE;
  const now = ctx.now();
  const first = shiftMonth(coverage.month, -MY_TREND_MONTHS_BEFORE);
  const months = Array.from({ length: MY_TREND_MONTHS_BEFORE + 1 }, (_, i) => shiftMonth(first, i));
  const [validCounts, points] = await Promise.all([loadMyValidCounts(ctx.db, ctx.actor.id, months), loadMyPoints(ctx.db, ctx.actor.id, months)]);

  const trend: MyTrendMonth[] = months
    // A month not begun yet has no figures at all; it is left off rather than shown as a gap.
    .filter((m) => m === coverage.month || monthRange(m, timeZone).start.getTime() <= now.getTime())
    .map((month) => {
      const v = validCounts.find((r) => r.month === month) ?? { valid: 0, invalid: 0 };
      const judged = v.valid + v.invalid;
      return { month, valid: v.valid, invalid: v.invalid, validRate: judged > 0 ? v.valid / judged : null, points: points.find((p) => p.month === month)?.points ?? null };
    });

  return {
    ...coverage,
    pace: paceOf({ month: coverage.month, timeZone, now, required: coverage.required, done: coverage.done }),
    /** The customers not covered yet, each with what it still needs: the most needs first, then by name. */
    stillRequired: coverage.customers
      .filter((c) => c.gaps.length > 0)
      .map((c) => ({ customerId: c.customerId, name: c.name, groupCode: c.groupCode, customerClass: c.customerClass, gaps: c.gaps }))
      .sort((a, b) => b.gaps.length - a.gaps.length || a.name.localeCompare(b.name, 'zh-CN')),
    trend,
  };
}
export type MyMonthDashboard = Awaited<ReturnType<typeof getMyMonthDashboard>>;
