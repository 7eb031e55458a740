import { and, eq, ne } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { contacts } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { isId } from '@/lib/platform/core/ids';
import { parseInput } from '@/lib/platform/core/parse-input';
import { normalizePhone } from '@/lib/users/phone';
import {
  addContactInput,
  deactivateContactInput,
  updateContactInput,
  type AddContactInput,
  type DeactivateContactInput,
  type UpdateContactInput,
} from './schemas';
import { findCustomerInScope, keepsContacts } from '@/lib/claims/customer-scope';

/**
 * Contacts (关键人 / 联系人) are kept by the department and by the manager claiming the customer
 * now (DOMAIN rule 3: every visited contact must be on file). Contacts are deactivated, never
 * deleted: visits and callbacks refer to them.
 */

/** A supervisor sees the customer but may not change it; anyone else out of scope learns nothing. */
async function assertKeepsContacts(ctx: Ctx, tx: Tx, customerId: string) {
  const scope = await findCustomerInScope(ctx, customerId, tx, { forUpdate: true });
  if (!keepsContacts(ctx.actor, scope)) throw new ForbiddenError();
  return scope;
}

function phoneOrFail(raw: string): string {
  const phone = normalizePhone(raw);
  if (!phone) throw ValidationError.field('phone', 'phone.invalid', { value: raw });
  return phone;
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string } };
  return e.code === '23505' || e.cause?.code === '23505';
}

export async function addContact({ ctx, input }: { ctx: Ctx; input: AddContactInput }) {
  assertRole(ctx.actor, 'admin', 'staff', 'manager');
  const parsed = parseInput(addContactInput, input);
  const phone = phoneOrFail(parsed.phone);
  return ctx.db.transaction(async (tx) => {
    await assertKeepsContacts(ctx, tx, parsed.customerId);
    const [existing] = await tx
      .select()
      .from(contacts)
      .where(and(eq(contacts.customerId, parsed.customerId), eq(contacts.name, parsed.name), eq(contacts.phone, phone)))
      .for('update');
    if (existing?.active) throw new ConflictError('contacts.duplicate', { name: parsed.name });
    if (existing) {
      // The same person and number again: bring the earlier record back rather than refuse.
      const [after] = await tx
        .update(contacts)
        .set({ active: true, title: parsed.title, role: parsed.role, updatedAt: ctx.now() })
        .where(eq(contacts.id, existing.id))
        .returning();
      await recordAudit(tx, { actorId: ctx.actor.id, action: 'contact.reactivated', entityType: 'contact', entityId: after.id, before: existing, after });
      return after;
    }
    const [row] = await tx
      .insert(contacts)
      .values({ customerId: parsed.customerId, name: parsed.name, title: parsed.title, role: parsed.role, phone })
      .returning();
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'contact.created', entityType: 'contact', entityId: row.id, after: row });
    return row;
  });
}

async function lockContact(tx: Tx, id: string) {
  if (!isId(id)) throw new NotFoundError();
  const [row] = await tx.select().from(contacts).where(eq(contacts.id, id)).for('update');
  if (!row) throw new NotFoundError();
  return row;
}

export async function updateContact({ ctx, input }: { ctx: Ctx; input: UpdateContactInput }) {
  assertRole(ctx.actor, 'admin', 'staff', 'manager');
  const parsed = parseInput(updateContactInput, input);
  const typedPhone = parsed.phone ? phoneOrFail(parsed.phone) : undefined;
  try {
    return await ctx.db.transaction(async (tx) => {
      const before = await lockContact(tx, parsed.id);
      const phone = typedPhone ?? before.phone;
      await assertKeepsContacts(ctx, tx, before.customerId);
      const [clash] = await tx
        .select({ id: contacts.id })
        .from(contacts)
        .where(and(eq(contacts.customerId, before.customerId), eq(contacts.name, parsed.name), eq(contacts.phone, phone), ne(contacts.id, before.id)));
      if (clash) throw new ConflictError('contacts.duplicate', { name: parsed.name });
      const [after] = await tx
        .update(contacts)
        .set({ name: parsed.name, title: parsed.title, role: parsed.role, phone, updatedAt: ctx.now() })
        .where(eq(contacts.id, before.id))
        .returning();
      await recordAudit(tx, { actorId: ctx.actor.id, action: 'contact.updated', entityType: 'contact', entityId: after.id, before, after });
      return after;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('contacts.duplicate', { name: parsed.name });
    throw error;
  }
}

export async function deactivateContact({ ctx, input }: { ctx: Ctx; input: DeactivateContactInput }) {
  assertRole(ctx.actor, 'admin', 'staff', 'manager');
  const parsed = parseInput(deactivateContactInput, input);
  return ctx.db.transaction(async (tx) => {
    const before = await lockContact(tx, parsed.id);
    await assertKeepsContacts(ctx, tx, before.customerId);
    if (!before.active) return before;
    const [after] = await tx.update(contacts).set({ active: false, updatedAt: ctx.now() }).where(eq(contacts.id, before.id)).returning();
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'contact.deactivated', entityType: 'contact', entityId: after.id, before, after });
    return after;
  });
}
