import { z } from 'zod';
import { ROLES, type Role } from '@/lib/platform/core/context';
import { idField, idSchema } from '@/lib/platform/core/ids';

/*
 * Input schemas for the user verbs, kept apart from users.ts so client forms can import them
 * (zodResolver) without pulling the database layer and bcrypt into the browser bundle.
 */

/** Roles that belong to a marketing unit (managers are assessed per unit; supervisors lead one). */
export const ROLES_WITH_UNIT: Role[] = ['manager', 'supervisor'];

export const roleSchema = z.enum(ROLES as [Role, ...Role[]]);

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{1,31}$/, 'errors.users.usernameFormat');

export const displayNameSchema = z.string().trim().min(1, 'errors.required').max(64, 'errors.users.displayNameTooLong');
export const passwordSchema = z.string().min(8, 'errors.users.passwordTooShort').max(200, 'errors.users.passwordTooLong');
/** Free text as typed; the verb normalises it to E.164 and refuses what is not a phone number. */
export const phoneSchema = z.string().trim().max(40, 'errors.phone.invalid').nullish();
export const unitIdSchema = idField('errors.users.unknownUnit').nullish();

export const createUserInput = z.object({
  username: usernameSchema,
  displayName: displayNameSchema,
  password: passwordSchema,
  role: roleSchema,
  unitId: unitIdSchema,
  phone: phoneSchema,
});
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.object({
  id: idSchema,
  displayName: displayNameSchema.optional(),
  role: roleSchema.optional(),
  unitId: unitIdSchema,
  phone: phoneSchema,
  active: z.boolean().optional(),
  password: passwordSchema.optional(),
});
export type UpdateUserInput = z.infer<typeof updateUserInput>;

/** The admin's edit form: profile fields only; activation and password have their own forms. */
export const editUserInput = z.object({
  id: idSchema,
  displayName: displayNameSchema,
  role: roleSchema,
  unitId: unitIdSchema,
  phone: phoneSchema,
});
export type EditUserInput = z.infer<typeof editUserInput>;

export const resetPasswordInput = z.object({ id: idSchema, password: passwordSchema });
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;

/** The signed-in user's own password change (个人信息): the current password proves it is them. */
export const changeOwnPasswordInput = z.object({
  currentPassword: z.string().min(1, 'errors.required').max(200, 'errors.users.passwordTooLong'),
  newPassword: passwordSchema,
});
export type ChangeOwnPasswordInput = z.infer<typeof changeOwnPasswordInput>;

export const setUserActiveInput = z.object({ id: idSchema, active: z.boolean() });
export type SetUserActiveInput = z.infer<typeof setUserActiveInput>;

// Filters come from the URL, so anything malformed falls back to "no filter" instead of failing.
export const listUsersInput = z.object({
  q: z.string().trim().max(64).optional().catch(undefined),
  role: roleSchema.optional().catch(undefined),
  unitId: idSchema.optional().catch(undefined),
  active: z.enum(['true', 'false']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).default(1).catch(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).catch(50),
});
export type ListUsersInput = z.input<typeof listUsersInput>;
