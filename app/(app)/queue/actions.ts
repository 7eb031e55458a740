'use server';

import { pauseInput, pullBackInput, resumeInput } from '@/lib/callbacks/schemas';
import { pauseQueue, pullBackCallback, resumeQueue } from '@/lib/callbacks/staff';
import { requestIntegrityAudit } from '@/lib/integrity/schedule';
import { defineAction } from '@/lib/web/safe-action';
import { z } from 'zod';

export const pauseQueueAction = defineAction({ schema: pauseInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const r = await pauseQueue({ ctx, input });
  return { paused: r.paused };
});

export const resumeQueueAction = defineAction({ schema: resumeInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const r = await resumeQueue({ ctx, input });
  return { paused: r.paused };
});

export const pullBackAction = defineAction({ schema: pullBackInput, roles: ['staff', 'admin'] }, async (ctx, input) => {
  const r = await pullBackCallback({ ctx, input });
  return { taskId: r.taskId };
});

export const requestIntegrityAuditAction = defineAction({ schema: z.object({}), roles: ['staff', 'admin'] }, async (ctx) => requestIntegrityAudit({ ctx }));
