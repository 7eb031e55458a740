'use server';

import { z } from 'zod';
import { idSchema } from '@/lib/platform/core/ids';
import { discardImport } from '@/lib/imports/imports';
import { queueCommit } from '@/lib/imports/queued';
import { defineAction } from '@/lib/web/safe-action';

export const commitImportAction = defineAction({ schema: z.object({ id: idSchema }), roles: ['staff', 'admin'] }, async (ctx, input) => {
  const record = await queueCommit({ ctx, input });
  return { status: record.status };
});

export const discardImportAction = defineAction({ schema: z.object({ id: idSchema }), roles: ['staff', 'admin'] }, async (ctx, input) => {
  const record = await discardImport({ ctx, input });
  return { status: record.status };
});
