import type { Person, SoakHttp } from './http';
import { callAction } from './server-actions';

/**
 * Department staff during the soak: close the month that is over (月结 from the report page's
 * server action — again and again, as a close is re-run when late results arrive; each run is a
 * new version) and export lists (/api/exports/<kind>, CSV and XLSX) and the closed month's
 * assessment workbook.
 */
export interface StaffContext {
  http: SoakHttp;
  closeMonthActionId: string;
  month: string;
  everyMs: number;
  stopAt: number;
  counters: StaffCounters;
}

export interface StaffCounters {
  closes: number;
  closeRefusals: Map<string, number>;
  exports: number;
  exportRefusals: Map<string, number>;
}

export function newStaffCounters(): StaffCounters {
  return { closes: 0, closeRefusals: new Map(), exports: 0, exportRefusals: new Map() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pause = (ms: number, stopAt: number) => sleep(Math.max(0, Math.min(ms, stopAt - Date.now())));
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

export async function runStaff(ctx: StaffContext, me: Person): Promise<void> {
  const exportsOf = (month: string) => [
    [`/api/exports/visits?format=csv&month=${month}`, 'GET /api/exports/visits'],
    [`/api/exports/callback-results?format=xlsx&month=${month}`, 'GET /api/exports/callback-results'],
    [`/api/exports/points-ledger?format=csv&month=${month}`, 'GET /api/exports/points-ledger'],
    [`/api/assessment/${month}/export`, 'GET /api/assessment/[month]/export'],
  ];
  await pause(ctx.everyMs / 3, ctx.stopAt);
  for (let round = 0; Date.now() < ctx.stopAt; round++) {
    await ctx.http.send(me, 'GET', '/assessment', 'GET /assessment');
    const r = await callAction(ctx.http, me, '/assessment', ctx.closeMonthActionId, { month: ctx.month }, 'action assessment.closeMonth');
    if (r?.ok) ctx.counters.closes++;
    else bump(ctx.counters.closeRefusals, r ? r.error.slice(0, 60) : 'no answer');
    for (const [path, route] of exportsOf(ctx.month)) {
      const x = await ctx.http.send(me, 'GET', path, route);
      if (x.status === 200) ctx.counters.exports++;
      else bump(ctx.counters.exportRefusals, `${route} ${x.status} ${x.body.slice(0, 80)}`);
    }
    await pause(ctx.everyMs, ctx.stopAt);
  }
}
