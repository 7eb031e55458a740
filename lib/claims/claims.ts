import { and, asc, eq } from 'drizzle-orm';
import { claims, units, users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole, seesEverything } from '@/lib/auth/guards';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, ValidationError } from '@/lib/platform/core/errors';
import { parseInput } from '@/lib/platform/core/parse-input';
import { findCustomerInScope } from './customer-scope';
import { parseLocalDateTime, toLocalInput } from '@/lib/platform/time/zone';
import { planClaim } from './claim-rules';
import { claimHistoryInput, reassignCustomerInput, type ClaimHistoryInput, type ReassignCustomerInput } from './claim-schemas';
import { claimRows, latestClaims } from './queries';

export * from './claim-schemas';

/** The exclusion constraint `claims_no_overlap` refused the write (a concurrent claim won). */
function isOverlapViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23P01' || e.cause?.code === '23P01';
}

function readInstant(value: Date | string): Date {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw ValidationError.field('effectiveFrom', 'claims.badDate');
    return value;
  }
  const at = parseLocalDateTime(value, env().APP_TIMEZONE);
  if (!at) throw ValidationError.field('effectiveFrom', 'claims.badDate');
  return at;
}

const formatInstant = (at: Date) => toLocalInput(at, env().APP_TIMEZONE).replace('T', ' ');

/**
 * Hands a customer to another manager from an instant (a manager changed post, DOMAIN rule 4):
 * the current claim ends where the new one starts, in one transaction, so assessment follows
 * the new claim from its effective time and the history stays without gaps or overlaps.
 */
export async function reassignCustomer({ ctx, input }: { ctx: Ctx; input: ReassignCustomerInput }) {
  assertRole(ctx.actor, 'staff', 'admin');
  const parsed = parseInput(reassignCustomerInput, input);
  const from = readInstant(parsed.effectiveFrom);
  try {
    return await ctx.db.transaction(async (tx) => {
      // Locking the customer serialises two staff reassigning it at once.
      const { customer } = await findCustomerInScope(ctx, parsed.customerId, tx, { forUpdate: true });
      const [manager] = await tx
        .select({ id: users.id, role: users.role, active: users.active })
        .from(users)
        .where(eq(users.id, parsed.managerId));
      if (!manager || manager.role !== 'manager' || !manager.active) throw ValidationError.field('managerId', 'claims.notAManager');
      const latest = (await latestClaims(tx, [customer.id])).get(customer.id) ?? null;
      const plan = planClaim(latest, manager.id, from);
      if (plan.kind === 'unchanged') throw new ConflictError('claims.sameManager');
      if (plan.kind === 'refused') {
        throw ValidationError.field('effectiveFrom', `claims.${plan.code}`, { from: formatInstant(plan.params.from) });
      }
      if (plan.kind === 'reassign') await tx.update(claims).set({ effectiveTo: from }).where(eq(claims.id, plan.close.id));
      const [created] = await tx
        .insert(claims)
        .values({ customerId: customer.id, managerId: manager.id, effectiveFrom: from, createdBy: ctx.actor.id, note: parsed.note })
        .returning();
      const closed = plan.kind === 'reassign' ? plan.close : null;
      await recordAudit(tx, {
        actorId: ctx.actor.id,
        action: closed ? 'claim.reassigned' : 'claim.created',
        entityType: 'customer',
        entityId: customer.id,
        before: closed ? { claimId: closed.id, managerId: closed.managerId, effectiveFrom: closed.effectiveFrom, effectiveTo: from } : null,
        after: { claimId: created.id, managerId: created.managerId, effectiveFrom: created.effectiveFrom, note: created.note },
      });
      return { claim: created, closedClaimId: closed?.id ?? null };
    });
  } catch (error) {
    if (isOverlapViolation(error)) throw new ConflictError('claims.overlap');
    throw error;
  }
}

/** Who claimed the customer when, latest first; as visible as the customer itself. */
export async function claimHistory({ ctx, input }: { ctx: Ctx; input: ClaimHistoryInput }) {
  assertRole(ctx.actor, 'admin', 'staff', 'supervisor', 'manager');
  const { customerId } = parseInput(claimHistoryInput, input);
  await findCustomerInScope(ctx, customerId);
  return claimRows(ctx.db, customerId);
}

/** Active managers one can hand customers to (staff, admin) or filter by (a supervisor: their unit's). */
export async function listManagerOptions({ ctx }: { ctx: Ctx }) {
  assertRole(ctx.actor, 'admin', 'staff', 'supervisor');
  const conditions = [eq(users.role, 'manager'), eq(users.active, true)];
  if (!seesEverything(ctx.actor)) {
    if (!ctx.actor.unitId) return [];
    conditions.push(eq(users.unitId, ctx.actor.unitId));
  }
  return ctx.db
    .select({ id: users.id, username: users.username, displayName: users.displayName, unitName: units.name })
    .from(users)
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(...conditions))
    .orderBy(asc(units.name), asc(users.displayName));
}

