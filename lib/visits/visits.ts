import { and, asc, count, desc, eq, gte, ilike, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { contacts, customers, units, users, visitReportContacts, visitReports } from '@/db/schema';
import { managerRecordsCondition } from '@/lib/auth/scope';
import { recordAudit, type AuditEntry } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import { isClaimedBy } from '@/lib/claims/queries';
import { env } from '@/lib/platform/config/env';
import type { Actor, Ctx } from '@/lib/platform/core/context';
import { likePattern } from '@/lib/platform/core/like-pattern';
import { parseInput } from '@/lib/platform/core/parse-input';
import { pagedList } from '@/lib/platform/core/paged-list';
import { NotFoundError, ValidationError, type FieldIssue } from '@/lib/platform/core/errors';
import { policyInForce } from '@/lib/policy/policies';
import { requestSamplingForVisit } from './sampling-triggers';
import { verdictStatusForActorSql, type VerdictStatus } from './verdict-status';
import { requestVerdictForVisit } from './verdict-triggers';
import { dayOf, monthOf, monthRange, parseLocalDateTime } from '@/lib/platform/time/zone';
import { normalizePhone } from '@/lib/users/phone';
import { customersClaimedNow, mayRevealPhone, seesFullPhone, shownPhone } from '@/lib/contacts/phone-visibility';
import { classifyReport } from './backfill-rules';
import { activeContactsOf, claimedCustomersWithContacts, contactByNamePhone, isMonthClosed, visitInScope } from './queries';
import { isInFuture, isLateReport } from './rules';
import { getVisitInput, listVisitsInput, visitReportInput, type VisitReportInput } from './schemas';

const VISIT_READERS = ['manager', 'supervisor', 'staff', 'admin'] as const;
/** How far back a manager may still report for a customer they no longer claim (form helper). */
const REPORTABLE_LOOKBACK_DAYS = 62;

/** The reporting deadline in force on the visit's local day (DOMAIN rule 3; a policy, not a constant). */
export async function reportDeadlineHoursOn(db: Ctx['db'], visitedAt: Date): Promise<number> {
  const policy = await policyInForce(db, 'reporting', dayOf(visitedAt, env().APP_TIMEZONE));
  return policy.value.reportDeadlineHours;
}

/**
 * How a manager's report of a visit at `visitedAt` is taken now (lib/visits/backfill-rules.ts): the
 * look-back is the one sampling will decide the visit with (the sampling policy on the visit's
 * day); whether to refuse or hold a backfill is the reporting policy in force today.
 */
export async function classifyManagerReport(db: Ctx['db'], visitedAt: Date, now: Date) {
  const timeZone = env().APP_TIMEZONE;
  const month = monthOf(visitedAt, timeZone);
  const [sampling, reporting, closed] = await Promise.all([
    policyInForce(db, 'sampling', dayOf(visitedAt, timeZone)),
    policyInForce(db, 'reporting', dayOf(now, timeZone)),
    isMonthClosed(db, month),
  ]);
  const lookBackDays = sampling.value.excludeOlderThanDays;
  const report = classifyReport({ visitedAt, now, lookBackDays, monthClosed: closed, policy: reporting.value.lateBackfill });
  return { ...report, lookBackDays, month };
}

/**
 * A manager files a visit report (附件3) for a customer they claimed at the visit time. New contacts
 * go on file with the customer (rule 3: every visited contact must be on file). A report past the
 * deadline of the policy in force is accepted and marked late. A visit older than the sampling
 * look-back or in a closed month is refused, or kept as a pending 超期补报 (`classifyManagerReport`).
 */
export async function createVisitReport({ ctx, input }: { ctx: Ctx; input: VisitReportInput }) {
  assertRole(ctx.actor, 'manager');
  const values = parseInput(visitReportInput, input);
  const now = ctx.now();
  const visitedAt = parseLocalDateTime(values.visitedAt, env().APP_TIMEZONE);
  if (!visitedAt) throw ValidationError.field('visitedAt', 'visits.visitedAtInvalid');
  if (isInFuture(visitedAt, now)) throw ValidationError.field('visitedAt', 'visits.visitInFuture');

  const phoneIssues: FieldIssue[] = [];
  const newContacts = new Map<string, (typeof values.newContacts)[number] & { phone: string }>();
  values.newContacts.forEach((c, i) => {
    const phone = normalizePhone(c.phone);
    if (!phone) phoneIssues.push({ field: `newContacts.${i}.phone`, code: 'phone.invalid' });
    // The same person typed twice is one contact, not two.
    else newContacts.set(`${c.name}\u0000${phone}`, { ...c, phone });
  });
  if (phoneIssues.length > 0) throw new ValidationError(phoneIssues);

  const created = await ctx.db.transaction(async (tx) => {
    const [customer] = await tx.select({ id: customers.id, name: customers.name }).from(customers).where(eq(customers.id, values.customerId));
    // An unknown customer reads the same as an unclaimed one: no hint that it exists.
    if (!customer || !(await isClaimedBy(tx, customer.id, ctx.actor.id, visitedAt))) {
      throw ValidationError.field('customerId', 'visits.customerNotClaimed');
    }
    // A visit nobody can verify any more — older than the sampling look-back, or in a closed month —
    // is refused or, if the policy says so, kept as 超期补报 that counts for nothing until approved.
    const report = await classifyManagerReport(tx, visitedAt, now);
    if (report.kind === 'refused') {
      const [first] = report.reasons;
      throw ValidationError.field('visitedAt', first === 'tooOld' ? 'visits.backfillTooOld' : 'visits.backfillMonthClosed', { days: report.lookBackDays, month: report.month });
    }
    const backfill = report.kind === 'backfill' ? ('pending' as const) : null;
    const contactIds = [...new Set(values.contactIds)];
    const known = await activeContactsOf(tx, customer.id, contactIds);
    if (known.length !== contactIds.length) throw ValidationError.field('contactIds', 'visits.unknownContact');

    const audits: AuditEntry[] = [];
    for (const c of newContacts.values()) {
      const existing = await contactByNamePhone(tx, customer.id, c.name, c.phone);
      if (existing) {
        if (!existing.active) {
          // Just visited, so evidently still a contact: back on file.
          await tx.update(contacts).set({ active: true, updatedAt: now }).where(eq(contacts.id, existing.id));
          audits.push({ actorId: ctx.actor.id, action: 'contact.reactivated', entityType: 'contact', entityId: existing.id, before: existing, after: { active: true } });
        }
        contactIds.push(existing.id);
        continue;
      }
      const [inserted] = await tx
        .insert(contacts)
        .values({ customerId: customer.id, name: c.name, title: c.title, role: c.role, phone: c.phone })
        .onConflictDoNothing()
        .returning();
      // A concurrent report may have added the same person a moment ago.
      const contact = inserted ?? (await contactByNamePhone(tx, customer.id, c.name, c.phone));
      if (inserted) audits.push({ actorId: ctx.actor.id, action: 'contact.created', entityType: 'contact', entityId: inserted.id, after: inserted });
      contactIds.push(contact.id);
    }
    const visitContactIds = [...new Set(contactIds)];

    const deadlineHours = await reportDeadlineHoursOn(tx, visitedAt);
    const late = isLateReport(visitedAt, now, deadlineHours);
    const [visit] = await tx
      .insert(visitReports)
      .values({
        managerId: ctx.actor.id,
        customerId: customer.id,
        type: values.type,
        visitedAt,
        reportedAt: now,
        checkInMethod: values.checkInMethod,
        checkInLatitude: values.checkInLatitude ?? null,
        checkInLongitude: values.checkInLongitude ?? null,
        purpose: values.purpose,
        summary: values.summary,
        source: 'form',
        late,
        backfill,
        createdBy: ctx.actor.id,
        createdAt: now,
      })
      .returning();
    await tx.insert(visitReportContacts).values(visitContactIds.map((contactId) => ({ visitId: visit.id, contactId })));
    audits.push({
      actorId: ctx.actor.id,
      action: 'visit.reported',
      entityType: 'visit',
      entityId: visit.id,
      after: { ...visit, contactIds: visitContactIds, deadlineHours, ...(report.kind === 'backfill' ? { backfillReasons: report.reasons, lookBackDays: report.lookBackDays } : {}) },
    });
    await recordAudit(tx, audits);
    return { id: visit.id, late, reportedAt: visit.reportedAt, deadlineHours, backfill };
  });
  // After commit: sample the visit in near real time (lib/sampling; a lost job is caught up daily).
  await requestSamplingForVisit(created.id);
  // …and evaluate its data checks, verdict and the month's points (lib/assessment).
  await requestVerdictForVisit(created.id, 'reported');
  return created;
}

/** Visits in the actor's scope, newest first, with the filters of the list page. */
export async function listVisits({ ctx, input }: { ctx: Ctx; input: z.input<typeof listVisitsInput> }) {
  assertRole(ctx.actor, ...VISIT_READERS);
  const f = parseInput(listVisitsInput, input);
  const { where, verdict } = visitListConditions(ctx.actor, f);
  const contactNames = visitContactNamesSql();
  return pagedList(
    f,
    ctx.db
      .select({
        id: visitReports.id,
        visitedAt: visitReports.visitedAt,
        reportedAt: visitReports.reportedAt,
        type: visitReports.type,
        late: visitReports.late,
        backfill: visitReports.backfill,
        source: visitReports.source,
        checkInMethod: visitReports.checkInMethod,
        purpose: visitReports.purpose,
        customerId: visitReports.customerId,
        customerName: customers.name,
        groupCode: customers.groupCode,
        managerId: visitReports.managerId,
        managerName: users.displayName,
        contactNames,
        verdict,
      })
      .from(visitReports)
      .innerJoin(customers, eq(customers.id, visitReports.customerId))
      .innerJoin(users, eq(users.id, visitReports.managerId))
      .where(where)
      .orderBy(desc(visitReports.visitedAt), desc(visitReports.id))
      .$dynamic(),
    ctx.db
      .select({ total: count() })
      .from(visitReports)
      .innerJoin(customers, eq(customers.id, visitReports.customerId))
      .innerJoin(users, eq(users.id, visitReports.managerId))
      .where(where),
  );
}

/** The names of a visit's contacts, 、-separated, as the list shows them (a subquery over visit_reports). */
export function visitContactNamesSql() {
  return sql<string>`(select coalesce(string_agg(${contacts.name}, '、' order by ${contacts.name}), '') from ${visitReportContacts} join ${contacts} on ${contacts.id} = ${visitReportContacts.contactId} where ${visitReportContacts.visitId} = ${visitReports.id})`;
}

/**
 * The list's filters and the actor's data scope as one condition over visit_reports joined with
 * customers and users (the manager), and the verdict in force as the actor may see it: the list
 * page and its export (visits-export.ts) read the same rows.
 */
export function visitListConditions(actor: Actor, f: Omit<z.output<typeof listVisitsInput>, 'page' | 'pageSize'>) {
  const conditions: SQL[] = [];
  const scope = managerRecordsCondition(actor, visitReports.managerId);
  if (scope) conditions.push(scope);
  if (f.managerId && actor.role !== 'manager') conditions.push(eq(visitReports.managerId, f.managerId));
  if (f.customerId) conditions.push(eq(visitReports.customerId, f.customerId));
  if (f.type) conditions.push(eq(visitReports.type, f.type));
  if (f.late !== undefined) conditions.push(eq(visitReports.late, f.late));
  if (f.backfill) conditions.push(eq(visitReports.backfill, f.backfill));
  if (f.month) {
    const { start, end } = monthRange(f.month, env().APP_TIMEZONE);
    conditions.push(gte(visitReports.visitedAt, start), lt(visitReports.visitedAt, end));
  }
  // The verdict in force as the actor may see it; a visit with none (visible) yet is 待核实.
  const verdict = sql<VerdictStatus>`coalesce(${verdictStatusForActorSql(actor, sql`${visitReports.id}`)}, 'pending')`;
  if (f.verdict) conditions.push(sql`${verdict} = ${f.verdict}`);
  if (f.q) {
    const pattern = likePattern(f.q);
    conditions.push(or(ilike(customers.name, pattern), ilike(customers.groupCode, pattern), ilike(visitReports.purpose, pattern))!);
  }
  return { where: and(...conditions), verdict };
}

/** The managers the actor may filter visits by (none for a manager: they see their own). */
export async function listVisitManagers({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, ...VISIT_READERS);
  const { actor } = ctx;
  if (actor.role === 'manager') return [];
  if (actor.role === 'supervisor' && !actor.unitId) return [];
  return ctx.db
    .select({ id: users.id, displayName: users.displayName, username: users.username })
    .from(users)
    .where(and(eq(users.role, 'manager'), actor.role === 'supervisor' ? eq(users.unitId, actor.unitId!) : undefined))
    .orderBy(asc(users.displayName), asc(users.username));
}

/**
 * One visit with the contacts visited, if it is in the actor's scope (otherwise NotFoundError:
 * existence is not leaked). Phones are masked except for staff/admin and the filing manager.
 */
export async function getVisit({ ctx, input }: { ctx: Ctx; input: z.input<typeof getVisitInput> }) {
  assertRole(ctx.actor, ...VISIT_READERS);
  const { id } = parseInput(getVisitInput, input);
  const creator = alias(users, 'creator');
  const decider = alias(users, 'decider');
  const [row] = await ctx.db
    .select({
      visit: visitReports,
      customerName: customers.name,
      groupCode: customers.groupCode,
      customerClass: customers.class,
      managerName: users.displayName,
      managerUsername: users.username,
      managerUnitId: users.unitId,
      unitName: units.name,
      createdByName: creator.displayName,
      backfillDecidedByName: decider.displayName,
    })
    .from(visitReports)
    .innerJoin(customers, eq(customers.id, visitReports.customerId))
    .innerJoin(users, eq(users.id, visitReports.managerId))
    .leftJoin(units, eq(units.id, users.unitId))
    .innerJoin(creator, eq(creator.id, visitReports.createdBy))
    .leftJoin(decider, eq(decider.id, visitReports.backfillDecidedBy))
    .where(eq(visitReports.id, id));
  if (!row || !visitInScope(ctx.actor, { managerId: row.visit.managerId, managerUnitId: row.managerUnitId })) throw new NotFoundError();
  const phoneRelation = { claimsCustomer: (await customersClaimedNow(ctx.db, ctx.actor, [row.visit.customerId], ctx.now())).size > 0 };
  const contactRows = await ctx.db
    .select({ id: contacts.id, name: contacts.name, title: contacts.title, role: contacts.role, phone: contacts.phone, active: contacts.active })
    .from(visitReportContacts)
    .innerJoin(contacts, eq(contacts.id, visitReportContacts.contactId))
    .where(eq(visitReportContacts.visitId, id))
    .orderBy(asc(contacts.name), asc(contacts.id));
  const { visit, customerName, groupCode, customerClass, managerName, managerUsername, unitName, createdByName, backfillDecidedByName } = row;
  return {
    ...visit,
    customerName,
    groupCode,
    customerClass,
    managerName,
    managerUsername,
    unitName,
    createdByName,
    backfillDecidedByName,
    phonesMasked: !seesFullPhone(ctx.actor, phoneRelation),
    canRevealPhones: mayRevealPhone(ctx.actor),
    contacts: contactRows.map((c) => ({ ...c, phone: shownPhone(ctx.actor, phoneRelation, c.phone) })),
  };
}

/**
 * For the report form: the customers this manager claims now or claimed in the last 62 days, with
 * their active contacts. Phones follow lib/contacts/phone-visibility: full for the customers they
 * claim now, masked for one handed over since.
 */
export async function listReportableCustomers({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, 'manager');
  const rows = await claimedCustomersWithContacts(ctx.db, ctx.actor.id, ctx.now(), REPORTABLE_LOOKBACK_DAYS);
  const claimedNow = await customersClaimedNow(ctx.db, ctx.actor, rows.map((c) => c.id), ctx.now());
  return rows.map((c) => ({
    ...c,
    contacts: c.contacts.map((k) => ({ id: k.id, name: k.name, title: k.title, role: k.role, phone: shownPhone(ctx.actor, { claimsCustomer: claimedNow.has(c.id) }, k.phone) })),
  }));
}
