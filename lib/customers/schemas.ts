import { z } from 'zod';
import { idField, idSchema } from '@/lib/platform/core/ids';

/*
 * Input schemas for the customer and contact verbs, apart from the verbs so client forms can use
 * them with zodResolver without pulling the database layer into the browser bundle.
 */

export const customerClassSchema = z.enum(['A', 'B', 'C', 'D'], 'errors.customers.unknownClass');
export const customerStatusSchema = z.enum(['active', 'inactive']);
export const contactRoleSchema = z.enum(['key_person', 'liaison'], 'errors.contacts.unknownRole');

// Filters come from the URL, so anything malformed falls back to "no filter" instead of failing.
export const listCustomersInput = z.object({
  q: z.string().trim().max(64).optional().catch(undefined),
  class: customerClassSchema.optional().catch(undefined),
  unitId: idSchema.optional().catch(undefined),
  managerId: idSchema.optional().catch(undefined),
  status: customerStatusSchema.optional().catch(undefined),
  page: z.coerce.number().int().min(1).default(1).catch(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).catch(50),
});
export type ListCustomersInput = z.input<typeof listCustomersInput>;

const coordinate = (min: number, max: number) =>
  z.number('errors.customers.badCoordinate').min(min, 'errors.customers.badCoordinate').max(max, 'errors.customers.badCoordinate').nullable();

export const updateCustomerInput = z
  .object({
    id: idSchema,
    class: customerClassSchema,
    unitId: idField('errors.customers.unknownUnit'),
    address: z.string().trim().max(500, 'errors.customers.addressTooLong'),
    latitude: coordinate(-90, 90),
    longitude: coordinate(-180, 180),
    status: customerStatusSchema,
  })
  .superRefine((value, ctx) => {
    // One coordinate alone cannot place the customer for the check-in distance rule.
    if ((value.latitude === null) !== (value.longitude === null)) {
      ctx.addIssue({ code: 'custom', path: [value.latitude === null ? 'latitude' : 'longitude'], message: 'errors.customers.coordinatesPair' });
    }
  });
export type UpdateCustomerInput = z.infer<typeof updateCustomerInput>;

const contactFields = {
  name: z.string().trim().min(1, 'errors.required').max(64, 'errors.contacts.nameTooLong'),
  title: z.string().trim().max(64, 'errors.contacts.titleTooLong'),
  role: contactRoleSchema,
  /** As typed; the verb normalises it to E.164 and refuses what is not a phone number. */
  phone: z.string().trim().min(1, 'errors.required').max(40, 'errors.phone.invalid'),
};

/** The fields a person fills in on the contact form (add and edit). */
export const contactFieldsInput = z.object(contactFields);
export type ContactFieldsInput = z.infer<typeof contactFieldsInput>;

export const addContactInput = z.object({ customerId: idSchema, ...contactFields });
export type AddContactInput = z.infer<typeof addContactInput>;

/** Editing: a blank phone keeps the number on file (staff see it masked and need not retype it). */
export const contactEditFieldsInput = z.object({ ...contactFields, phone: z.string().trim().max(40, 'errors.phone.invalid') });
export const updateContactInput = contactEditFieldsInput.extend({ id: idSchema });
export type UpdateContactInput = z.infer<typeof updateContactInput>;

export const deactivateContactInput = z.object({ id: idSchema });
export type DeactivateContactInput = z.infer<typeof deactivateContactInput>;
