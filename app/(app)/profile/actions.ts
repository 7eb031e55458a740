'use server';

import { reissueSessionCookie } from '@/lib/auth/session-cookie';
import { changeOwnPassword } from '@/lib/users/profile';
import { changeOwnPasswordInput } from '@/lib/users/user-schemas';
import { defineAction } from '@/lib/web/safe-action';

// Every role changes its own password; the other sessions end, this one is re-issued.
export const changeOwnPasswordAction = defineAction(
  { schema: changeOwnPasswordInput, roles: ['admin', 'staff', 'supervisor', 'manager', 'agent'] },
  async (ctx, input) => {
    const { sessionVersion } = await changeOwnPassword({ ctx, input });
    await reissueSessionCookie(ctx.actor, sessionVersion, ctx.now());
    return { changed: true };
  },
);
