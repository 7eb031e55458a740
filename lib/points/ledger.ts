import { sql } from 'drizzle-orm';
import { ledgerInput } from '@/lib/points/schemas';
import { rows } from '@/lib/platform/core/sql';
import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { causeVisitIds } from './cause-text';
import type { z } from 'zod';
import { parseInput } from '@/lib/platform/core/parse-input';

/**
 * A manager's maintenance points (维系积分): the ledger's entries with what caused each, and the
 * balances — always sums of entries, never a stored figure. A manager sees their own; a supervisor
 * their unit's managers'; staff and admin anyone's.
 */
export interface LedgerEntryView {
  id: number;
  month: string;
  key: string;
  kind: 'accrual' | 'deduction' | 'coverage_zeroing' | 'reversal';
  points: number;
  cause: string;
  customerId: string | null;
  customerName: string | null;
  customerClass: string | null;
  /** Visit ids a deduction (or its reversal) points to. */
  visitIds: string[];
  sourceType: string;
  sourceId: string | null;
  createdAt: Date;
}


export async function ledgerOf({ ctx, input }: { ctx: Ctx; input: z.input<typeof ledgerInput> }) {
  assertRole(ctx.actor, 'manager', 'supervisor', 'staff', 'admin');
  const f = parseInput(ledgerInput, input);
  const managerId = ctx.actor.role === 'manager' ? ctx.actor.id : f.managerId;
  if (!managerId) throw new NotFoundError();
  const [manager] = await rows<{ id: string; displayName: string; unitId: string | null }>(
    ctx.db,
    sql`select id, display_name as "displayName", unit_id as "unitId" from users where id = ${managerId}::uuid and role = 'manager'`,
  );
  if (!manager) throw new NotFoundError();
  if (ctx.actor.role === 'supervisor' && (!ctx.actor.unitId || manager.unitId !== ctx.actor.unitId)) throw new NotFoundError();

  const [entries, months] = await Promise.all([
    rows<Omit<LedgerEntryView, 'visitIds' | 'createdAt'> & { createdAt: Date | string }>(
      ctx.db,
      sql`
        select l.id::int as id, l.month, l.key, l.kind, l.points, l.cause, l.customer_id as "customerId", c.name as "customerName", c.class as "customerClass",
               l.source_type as "sourceType", l.source_id as "sourceId", l.created_at as "createdAt"
          from points_ledger l left join customers c on c.id = l.customer_id
         where l.manager_id = ${managerId}::uuid ${f.month ? sql`and l.month = ${f.month}` : sql``}
         order by l.month desc, l.id`,
    ),
    rows<{ month: string; balance: number }>(
      ctx.db,
      sql`select month, sum(points)::int as balance from points_ledger where manager_id = ${managerId}::uuid group by month order by month desc`,
    ),
  ]);
  return {
    managerId,
    managerName: manager.displayName,
    month: f.month ?? null,
    /** Every month's balance: the sum of its entries. */
    months,
    balance: months.reduce((n, m) => n + m.balance, 0),
    monthBalance: f.month ? (months.find((m) => m.month === f.month)?.balance ?? 0) : null,
    entries: entries.map((e) => ({
      ...e,
      createdAt: new Date(e.createdAt),
      visitIds: causeVisitIds(e.cause),
    })) as LedgerEntryView[],
  };
}
