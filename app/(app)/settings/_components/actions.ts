'use server';

import { z } from 'zod';
import { POLICY_KEYS } from '@/lib/policy/definitions';
import { cancelScheduledPolicyVersion } from '@/lib/policy/policies';
import { defineAction } from '@/lib/web/safe-action';

const cancelInput = z.object({ key: z.enum(POLICY_KEYS as [string, ...string[]], 'errors.invalidValue'), version: z.number('errors.invalidValue').int('errors.invalidValue').min(1, 'errors.invalidValue') });

/** 取消 on a policy page: the scheduled version never takes effect (any policy's page). */
export const cancelPolicyVersionAction = defineAction({ schema: cancelInput, roles: ['staff', 'admin'] }, (ctx, input) =>
  cancelScheduledPolicyVersion({ ctx, input: { key: input.key as (typeof POLICY_KEYS)[number], version: input.version } }),
);
