'use server';

import { reassignCustomer, reassignCustomerInput } from '@/lib/claims/claims';
import { addContact, deactivateContact, updateContact } from '@/lib/customers/contacts';
import { updateCustomer } from '@/lib/customers/customers';
import { revealContactPhone, revealContactPhoneInput } from '@/lib/contacts/reveal';
import { addContactInput, deactivateContactInput, updateContactInput, updateCustomerInput } from '@/lib/customers/schemas';
import { defineAction } from '@/lib/web/safe-action';

// Only ids go back to the browser; the page re-reads (and masks) what it shows.

export const addContactAction = defineAction({ schema: addContactInput, roles: ['admin', 'staff', 'manager'] }, async (ctx, input) => {
  const contact = await addContact({ ctx, input });
  return { id: contact.id };
});

export const updateContactAction = defineAction({ schema: updateContactInput, roles: ['admin', 'staff', 'manager'] }, async (ctx, input) => {
  const contact = await updateContact({ ctx, input });
  return { id: contact.id };
});

export const deactivateContactAction = defineAction({ schema: deactivateContactInput, roles: ['admin', 'staff', 'manager'] }, async (ctx, input) => {
  const contact = await deactivateContact({ ctx, input });
  return { id: contact.id };
});

export const updateCustomerAction = defineAction({ schema: updateCustomerInput, roles: ['admin', 'staff'] }, async (ctx, input) => {
  const customer = await updateCustomer({ ctx, input });
  return { id: customer.id };
});

export const reassignCustomerAction = defineAction({ schema: reassignCustomerInput, roles: ['admin', 'staff'] }, async (ctx, input) => {
  const result = await reassignCustomer({ ctx, input });
  return { claimId: result.claim.id };
});

// The one place a full number goes back to the browser: the verb writes the audit entry first.
export const revealContactPhoneAction = defineAction({ schema: revealContactPhoneInput, roles: ['admin', 'staff'] }, async (ctx, input) =>
  revealContactPhone({ ctx, input }),
);
