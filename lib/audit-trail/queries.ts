import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { disputes, users, visitReports } from '@/db/schema';
import { assertRole, seesEverything } from '@/lib/auth/guards';
import { instantAt } from '@/lib/calling/calendar';
import { managerRecordsCondition } from '@/lib/auth/scope';
import { env } from '@/lib/platform/config/env';
import type { Ctx, Role } from '@/lib/platform/core/context';
import { NotFoundError } from '@/lib/platform/core/errors';
import { parseInput } from '@/lib/platform/core/parse-input';
import { rows, toDate } from '@/lib/platform/core/sql';
import type { AuditSubject, AuditTrailEntry } from './catalogue';
import { listAuditEntriesInput, recordTrailInput, type ListAuditEntriesInput, type RecordTrailInput } from './schemas';

/**
 * Reading the audit log (操作记录): staff and admin page through all of it with filters; a
 * manager reads the trail of their own visit or dispute (a supervisor their unit's, staff and
 * admin any). Each entry comes with the names of the person and of the record joined in SQL, for
 * the sentence catalogue (catalogue.ts) to say what happened. The before/after values stay in
 * the database: they may hold phone numbers, and the sentences need only names.
 */
const PAGE_SIZE = 50;
/** A record's trail is short (a visit: report, callback, dispute); this bounds a pathological one. */
const TRAIL_LIMIT = 500;

const UUID_RE = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

/** A text that should hold a uuid, as a uuid — or null, never a cast error, when it does not. */
const asUuid = (text: SQL) => sql`(case when ${text} ~ ${UUID_RE} then (${text})::uuid end)`;

/** A person as the catalogue names them. */
const person = (alias: string) => sql.raw(`jsonb_build_object('displayName', ${alias}.display_name, 'username', ${alias}.username)`);

/**
 * The names the entry's record carries, by its kind, as one jsonb (catalogue's AuditSubject);
 * `p` is the page's row with `eid`, its entity id as a uuid when it is one. Only the branch of
 * the entry's kind runs.
 */
function subjectSql(timeZone: string): SQL {
  const day = (column: string) => sql`to_char(${sql.raw(column)} at time zone ${timeZone}, 'YYYY-MM-DD')`;
  return sql`case p.entity_type
    when 'contact' then (
      select jsonb_build_object('contact', k.name, 'customer', c.name, 'customerId', c.id)
        from contacts k join customers c on c.id = k.customer_id where k.id = p.eid)
    when 'customer' then (
      select jsonb_build_object('customer', c.name, 'customerId', c.id,
               'manager', (select ${person('m')} from users m where m.id = ${asUuid(sql`p.after->>'managerId'`)}),
               'fromManager', (select ${person('m')} from users m where m.id = ${asUuid(sql`p.before->>'managerId'`)}))
        from customers c where c.id = p.eid)
    when 'visit' then (
      select jsonb_build_object('customer', c.name, 'customerId', c.id, 'visitId', v.id, 'visitedAt', ${day('v.visited_at')}, 'manager', ${person('m')})
        from visit_reports v join customers c on c.id = v.customer_id join users m on m.id = v.manager_id where v.id = p.eid)
    when 'dispute' then (
      select jsonb_build_object('customer', c.name, 'customerId', c.id, 'visitId', v.id, 'visitedAt', coalesce(${day('v.visited_at')}, ${day('si.planned_at')}),
               'manager', ${person('m')}, 'campaign', case when d.subject = 'spot_check' then 'spot_check' else 'verification' end)
        from disputes d left join visit_reports v on v.id = d.visit_id left join spot_check_items si on si.id = d.spot_check_item_id
        join customers c on c.id = coalesce(v.customer_id, si.customer_id) join users m on m.id = d.manager_id
       where d.id = p.eid)
    when 'visit_plan' then (
      select jsonb_build_object('month', vp.month, 'manager', ${person('m')})
        from visit_plans vp join users m on m.id = vp.manager_id where vp.id = p.eid)
    when 'callback_task' then (
      select jsonb_build_object('customer', c.name, 'customerId', c.id, 'visitId', t.visit_id, 'visitedAt', ${day('t.visited_at')}, 'campaign', t.kind, 'outcome', p.after->>'outcome')
        from callback_tasks t join customers c on c.id = t.customer_id where t.id = p.eid)
    when 'call' then (
      select jsonb_build_object('customer', c.name, 'customerId', c.id, 'visitId', t.visit_id, 'visitedAt', ${day('t.visited_at')}, 'campaign', t.kind)
        from calls cl join callback_tasks t on t.id = cl.task_id join customers c on c.id = t.customer_id where cl.id = p.eid)
    when 'user' then (
      select jsonb_build_object('user', ${person('u')}, 'ip', p.after->>'ip') from users u where u.id = p.eid)
    when 'unit' then (select jsonb_build_object('unit', un.name) from units un where un.id = p.eid)
    when 'import' then (
      select jsonb_build_object('file', i.file_name, 'kind', i.kind, 'count', p.after->>'visits') from imports i where i.id = p.eid)
    when 'callback_script' then (
      select jsonb_build_object('script', s.name, 'version', p.after->>'version') from callback_scripts s where s.id = p.eid)
    when 'script_assignment' then jsonb_build_object('slot', p.entity_id,
      'script', (select s.name from callback_scripts s where s.id = ${asUuid(sql`coalesce(p.after->>'scriptId', p.before->>'scriptId')`)}))
    when 'policy' then jsonb_build_object('policyKey', split_part(p.entity_id, '@', 1), 'version', split_part(p.entity_id, '@', 2))
    when 'month' then jsonb_build_object('month', p.entity_id, 'version', p.after->>'version', 'count', p.after->>'count')
    when 'queue' then jsonb_build_object('queue', p.entity_id)
    when 'spot_check_day' then jsonb_build_object('day', p.entity_id, 'count', p.after->>'callbacksCreated')
    when 'spot_check' then (
      select jsonb_build_object('day', to_char(sc.day, 'YYYY-MM-DD'), 'manager', ${person('m')})
        from spot_checks sc join users m on m.id = sc.manager_id where sc.id = p.eid)
    when 'manager_flag' then (
      select jsonb_build_object('manager', ${person('m')}, 'count', f.params->>'count')
        from manager_flags f join users m on m.id = f.manager_id where f.id = p.eid)
  end`;
}

export interface EntryRow {
  id: number | string;
  at: Date | string;
  action: string;
  entityType: string;
  entityId: string | null;
  actorId: string | null;
  actorName: string | null;
  actorUsername: string | null;
  subject: AuditSubject | null;
}

/**
 * The entries a query over the log selects (its rows have the log's columns) with their names
 * joined, in `order` — as rows of EntryRow, for a page or an export's cursor.
 */
export function entriesSql(page: SQL, order: 'newest' | 'oldest'): SQL {
  const direction = sql.raw(order === 'newest' ? 'desc' : 'asc');
  return sql`with page as (${page}), p as (select page.*, ${asUuid(sql`page.entity_id`)} as eid from page)
      select p.id, p.at, p.action, p.entity_type as "entityType", p.entity_id as "entityId",
             u.id as "actorId", u.display_name as "actorName", u.username as "actorUsername",
             ${subjectSql(env().APP_TIMEZONE)} as subject
        from p left join users u on u.id = p.actor_id
       order by p.at ${direction}, p.id ${direction}`;
}

export function toEntry(r: EntryRow): AuditTrailEntry {
  return {
    id: Number(r.id),
    at: toDate(r.at),
    action: r.action,
    entityType: r.entityType,
    entityId: r.entityId,
    actor: r.actorId ? { id: r.actorId, displayName: r.actorName ?? '', username: r.actorUsername ?? '' } : null,
    subject: r.subject ?? {},
  };
}

async function readEntries(ctx: Ctx, page: SQL, order: 'newest' | 'oldest'): Promise<AuditTrailEntry[]> {
  const found = await rows<EntryRow>(ctx.db, entriesSql(page, order));
  return found.map(toEntry);
}

export interface AuditEntryPage {
  rows: AuditTrailEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * 操作记录: the whole log, newest first, for staff and admin — by person, record (type, and one
 * record by id), action and days (in the app's time zone), paged in SQL.
 */
export async function listAuditEntries({ ctx, input }: { ctx: Ctx; input: ListAuditEntriesInput }): Promise<AuditEntryPage> {
  assertRole(ctx.actor, 'staff', 'admin');
  const f = parseInput(listAuditEntriesInput, input);
  const page = f.page ?? 1;
  const where = auditConditions(f);
  const [entries, [{ total }]] = await Promise.all([
    readEntries(
      ctx,
      sql`select a.* from audit_log a ${where} order by a.at desc, a.id desc limit ${PAGE_SIZE} offset ${(page - 1) * PAGE_SIZE}`,
      'newest',
    ),
    rows<{ total: number }>(ctx.db, sql`select count(*)::int as total from audit_log a ${where}`),
  ]);
  return { rows: entries, total, page, pageSize: PAGE_SIZE };
}

/** The list's filters as the WHERE clause over `audit_log a` (days in the app's time zone); empty for none. */
export function auditConditions(f: z.output<typeof listAuditEntriesInput>): SQL {
  const timeZone = env().APP_TIMEZONE;
  const conditions = [
    f.actorId ? sql`a.actor_id = ${f.actorId}::uuid` : undefined,
    f.entityType ? sql`a.entity_type = ${f.entityType}` : undefined,
    f.entityId ? sql`a.entity_id = ${f.entityId}` : undefined,
    f.action ? sql`a.action = ${f.action}` : undefined,
    f.from ? sql`a.at >= ${instantAt(f.from, 0, timeZone).toISOString()}::timestamptz` : undefined,
    // '24:00': the next day's first instant, so the last day is included whole.
    f.to ? sql`a.at < ${instantAt(f.to, 24 * 60, timeZone).toISOString()}::timestamptz` : undefined,
  ].filter((c): c is SQL => c !== undefined);
  return conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
}

/**
 * The trail of one of a manager's records, oldest first: a visit (its report, late-report
 * decision, disputes) or a dispute (its steps). Staff and admin also read the department's side —
 * the callbacks and calls of the visit, the dispute's re-callbacks — which a manager and their
 * supervisor do not see (the agents' work, as lib/verdicts/evidence keeps it from them). Out of
 * scope or not there: NotFoundError.
 */
export async function listRecordTrail({ ctx, input }: { ctx: Ctx; input: RecordTrailInput }): Promise<AuditTrailEntry[]> {
  assertRole(ctx.actor, 'manager', 'supervisor', 'staff', 'admin');
  const { entityType, entityId } = parseInput(recordTrailInput, input);
  const full = seesEverything(ctx.actor);
  let which: SQL;
  if (entityType === 'visit') {
    const [visit] = await ctx.db
      .select({ id: visitReports.id })
      .from(visitReports)
      .where(and(eq(visitReports.id, entityId), managerRecordsCondition(ctx.actor, visitReports.managerId)));
    if (!visit) throw new NotFoundError();
    which = sql`(a.entity_type = 'visit' and a.entity_id = ${entityId})
      or (a.entity_type = 'dispute' and a.entity_id in (select d.id::text from disputes d where d.visit_id = ${entityId}::uuid))
      ${full ? sql`or (a.entity_type = 'callback_task' and a.entity_id in (select t.id::text from callback_tasks t where t.visit_id = ${entityId}::uuid))
      or (a.entity_type = 'call' and a.entity_id in (select cl.id::text from calls cl join callback_tasks t on t.id = cl.task_id where t.visit_id = ${entityId}::uuid))` : sql``}`;
  } else {
    const [dispute] = await ctx.db
      .select({ id: disputes.id })
      .from(disputes)
      .where(and(eq(disputes.id, entityId), managerRecordsCondition(ctx.actor, disputes.managerId)));
    if (!dispute) throw new NotFoundError();
    which = sql`(a.entity_type = 'dispute' and a.entity_id = ${entityId})
      ${full ? sql`or (a.entity_type = 'callback_task' and a.entity_id in (select t.id::text from callback_tasks t where t.dispute_id = ${entityId}::uuid))` : sql``}`;
  }
  return readEntries(ctx, sql`select a.* from audit_log a where ${which} order by a.at, a.id limit ${TRAIL_LIMIT}`, 'oldest');
}

export interface AuditPersonOption {
  id: string;
  displayName: string;
  username: string;
  role: Role;
}

/** Everyone who can appear in the log, for the person filter: by role, then sign-in name. */
export async function listAuditPeople({ ctx }: { ctx: Ctx }): Promise<AuditPersonOption[]> {
  assertRole(ctx.actor, 'staff', 'admin');
  return ctx.db
    .select({ id: users.id, displayName: users.displayName, username: users.username, role: users.role })
    .from(users)
    .orderBy(asc(users.role), asc(users.username));
}
