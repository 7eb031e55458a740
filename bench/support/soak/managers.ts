import { randomBytes } from 'node:crypto';
import type postgres from 'postgres';
import { toLocalInput } from '@/lib/platform/time/zone';
import type { Person, SoakHttp } from './http';
import { callAction } from './server-actions';

/**
 * One simulated account manager: opens 新建拜访 and reports a visit to one of their customers
 * through the page's server action (the visit is then sampled — 100 % here — by the worker, and
 * its callback joins the queue); every few reports, opens a visit of theirs whose verdict came out
 * invalid and files a dispute (申诉) through the form's upload route, sometimes with an image.
 * What a manager may pick from (their customers, their disputable visits) the bench reads from
 * the database, as the pages would list it.
 */
export interface ManagerContext {
  http: SoakHttp;
  sql: postgres.Sql;
  createVisitActionId: string;
  thinkMs: number;
  stopAt: number;
  timeZone: string;
  counters: ManagerCounters;
}

export interface ManagerCounters {
  visits: number;
  visitRefusals: Map<string, number>;
  disputes: number;
  disputeRefusals: Map<string, number>;
}

export function newManagerCounters(): ManagerCounters {
  return { visits: 0, visitRefusals: new Map(), disputes: 0, disputeRefusals: new Map() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const jitter = (ms: number) => ms * (0.5 + Math.random());
const pause = (ms: number, stopAt: number) => sleep(Math.max(0, Math.min(ms, stopAt - Date.now())));
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

/** A 1×1 PNG: an attachment whose type the server reads from its bytes. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export async function runManager(ctx: ManagerContext, me: Person): Promise<void> {
  const customers = await ctx.sql<{ customerId: string; contactId: string }[]>`
    select c.customer_id as "customerId", c.id as "contactId"
      from claims cl join contacts c on c.customer_id = cl.customer_id and c.active
     where cl.manager_id = ${me.id}::uuid and cl.effective_to is null`;
  await pause(Math.random() * ctx.thinkMs, ctx.stopAt);
  for (let round = 0; Date.now() < ctx.stopAt; round++) {
    if (customers.length > 0) await reportVisit(ctx, me, customers[round % customers.length]);
    if (round % 3 === 2) await fileDispute(ctx, me, round);
    await pause(jitter(ctx.thinkMs), ctx.stopAt);
  }
}

async function reportVisit(ctx: ManagerContext, me: Person, pick: { customerId: string; contactId: string }) {
  await ctx.http.send(me, 'GET', '/visits/new', 'GET /visits/new');
  // Visited an hour ago (a minute offset each, so the same customer's visits differ).
  const visitedAt = new Date(Date.now() - 3600_000 - Math.floor(Math.random() * 600) * 60_000);
  const input = {
    customerId: pick.customerId,
    contactIds: [pick.contactId],
    newContacts: [],
    type: Math.random() < 0.5 ? 'on_site' : 'phone',
    visitedAt: toLocalInput(visitedAt, ctx.timeZone),
    checkInMethod: 'none',
    checkInLatitude: '',
    checkInLongitude: '',
    purpose: '浸泡测试：了解业务需求',
    summary: '客户对现有业务满意，计划下季度扩容。',
  };
  const r = await callAction(ctx.http, me, '/visits/new', ctx.createVisitActionId, input, 'action visits.create');
  if (r?.ok) ctx.counters.visits++;
  else bump(ctx.counters.visitRefusals, r ? r.error.slice(0, 60) : 'no answer');
}

async function fileDispute(ctx: ManagerContext, me: Person, round: number) {
  // A visit of mine whose verdict in force is invalid and final, not disputed yet.
  const [visit] = await ctx.sql<{ id: string }[]>`
    select v.id from visit_reports v
      join lateral (select status, final from visit_verdicts vv where vv.visit_id = v.id order by version desc limit 1) vv on true
     where v.manager_id = ${me.id}::uuid and vv.status = 'invalid' and vv.final
       and not exists (select 1 from disputes d where d.visit_id = v.id)
     order by random() limit 1`;
  if (!visit) return;
  await ctx.http.send(me, 'GET', `/visits/${visit.id}`, 'GET /visits/[id]');
  const boundary = `----soak${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  const field = (name: string, value: string) =>
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  field('visitId', visit.id);
  field('subject', 'verdict');
  field('reason', '我确实在当天上门拜访了客户，有签到记录和会谈纪要为证，请复核。');
  if (round % 2 === 0) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="签到截图.png"\r\nContent-Type: image/png\r\n\r\n`), PNG, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  const r = await ctx.http.send(me, 'POST', '/api/disputes', 'POST /api/disputes', Buffer.concat(parts), { 'content-type': `multipart/form-data; boundary=${boundary}` });
  if (r.status === 200) ctx.counters.disputes++;
  else bump(ctx.counters.disputeRefusals, `${r.status} ${r.body.slice(0, 80)}`);
}
