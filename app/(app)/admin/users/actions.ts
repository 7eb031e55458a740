'use server';

import {
  createUser,
  createUserInput,
  editUserInput,
  resetPasswordInput,
  setUserActiveInput,
  updateUser,
} from '@/lib/users/users';
import { z } from 'zod';
import { idSchema } from '@/lib/platform/core/ids';
import { unlockSignIn } from '@/lib/auth/sign-in';
import { defineAction } from '@/lib/web/safe-action';

// Only what the forms need goes back to the browser.

export const createUserAction = defineAction({ schema: createUserInput, roles: ['admin'] }, async (ctx, input) => {
  const user = await createUser({ ctx, input });
  return { id: user.id, username: user.username };
});

export const editUserAction = defineAction({ schema: editUserInput, roles: ['admin'] }, async (ctx, input) => {
  const user = await updateUser({ ctx, input });
  return { id: user.id };
});

export const resetPasswordAction = defineAction({ schema: resetPasswordInput, roles: ['admin'] }, async (ctx, input) => {
  const user = await updateUser({ ctx, input });
  return { id: user.id };
});

export const setUserActiveAction = defineAction({ schema: setUserActiveInput, roles: ['admin'] }, async (ctx, input) => {
  const user = await updateUser({ ctx, input });
  return { id: user.id, active: user.active };
});

export const unlockSignInAction = defineAction({ schema: z.object({ id: idSchema }), roles: ['admin'] }, async (ctx, input) => {
  const { cleared } = await unlockSignIn({ ctx, input });
  return { cleared };
});
