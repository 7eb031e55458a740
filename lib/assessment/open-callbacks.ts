import { sql } from 'drizzle-orm';
import { assertRole } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { parseInput } from '@/lib/platform/core/parse-input';
import { monthInput } from './schemas';
import { rows } from '@/lib/platform/core/sql';
import { monthWindow } from '@/lib/platform/time/month-window';

/**
 * What the close's confirmation tells staff before they close: the month's sampled callbacks
 * still open (waiting for their time, ready in the queue, held by an agent), by unit. Closing
 * now counts their visits as pending (待核实) in this version; a result that arrives later
 * changes the verdict, and the next close lists that as a change. Staff and admin only (they
 * close). Re-callbacks of disputes are not counted: they decide nothing until the decision.
 */
export interface OpenCallbacks {
  month: string;
  total: number;
  waiting: number;
  ready: number;
  held: number;
  units: { unitId: string | null; unitName: string | null; total: number; waiting: number; ready: number; held: number }[];
}

export async function openCallbacksOfMonth({ ctx, input }: { ctx: Ctx; input: { month: string } }): Promise<OpenCallbacks> {
  assertRole(ctx.actor, 'staff', 'admin');
  const { month } = parseInput(monthInput, input);
  const w = monthWindow(month, env().APP_TIMEZONE);
  const units = await rows<OpenCallbacks['units'][number]>(
    ctx.db,
    sql`
      select t.unit_id as "unitId", un.name as "unitName", count(*)::int as total,
             count(*) filter (where t.state = 'waiting')::int as waiting,
             count(*) filter (where t.state = 'ready')::int as ready,
             count(*) filter (where t.state = 'held')::int as held
        from callback_tasks t left join units un on un.id = t.unit_id
       where t.origin = 'sampled' and t.kind = 'verification' and t.state in ('waiting', 'ready', 'held')
         and t.visited_at >= ${w.start.toISOString()}::timestamptz and t.visited_at < ${w.end.toISOString()}::timestamptz
       group by t.unit_id, un.name
       order by un.name nulls last`,
  );
  const sum = (k: 'total' | 'waiting' | 'ready' | 'held') => units.reduce((n, u) => n + u[k], 0);
  return { month, total: sum('total'), waiting: sum('waiting'), ready: sum('ready'), held: sum('held'), units };
}
