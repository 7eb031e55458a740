import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { contacts } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import type { Ctx } from '@/lib/platform/core/context';
import { ForbiddenError, NotFoundError } from '@/lib/platform/core/errors';
import { idSchema } from '@/lib/platform/core/ids';
import { parseInput } from '@/lib/platform/core/parse-input';
import { displayPhone } from '@/lib/users/phone';
import { mayRevealPhone } from './phone-visibility';

export const revealContactPhoneInput = z.object({ contactId: idSchema });
export type RevealContactPhoneInput = z.infer<typeof revealContactPhoneInput>;

/**
 * Staff or admin see one contact's full number: the audit log records who saw which number when
 * (DOMAIN: "log who saw what"). Staff and admin see every customer, so the scope is the role.
 */
export async function revealContactPhone({ ctx, input }: { ctx: Ctx; input: RevealContactPhoneInput }) {
  if (!mayRevealPhone(ctx.actor)) throw new ForbiddenError('phone.revealNotAllowed');
  const { contactId } = parseInput(revealContactPhoneInput, input);
  return ctx.db.transaction(async (tx) => {
    const [contact] = await tx
      .select({ id: contacts.id, customerId: contacts.customerId, phone: contacts.phone })
      .from(contacts)
      .where(eq(contacts.id, contactId));
    if (!contact) throw new NotFoundError();
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'phone.revealed',
      entityType: 'contact',
      entityId: contact.id,
      after: { customerId: contact.customerId },
    });
    return { contactId: contact.id, phone: displayPhone(contact.phone) };
  });
}
