import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { Ctx } from '@/lib/platform/core/context';
import { enqueue } from '@/lib/platform/jobs/queues';
import { requestCommit, startImport, type startImportInput } from './imports';

/** The web app's path: the file is kept now, validation runs in a worker (progress on the import). */
export async function uploadImport({ ctx, input, source }: { ctx: Ctx; input: z.infer<typeof startImportInput>; source: Readable | ReadableStream<Uint8Array> }) {
  const record = await startImport({ ctx, input, source });
  await enqueue('import.validate', { importId: record.id });
  return record;
}

export async function queueCommit({ ctx, input }: { ctx: Ctx; input: { id: string } }) {
  const record = await requestCommit({ ctx, input });
  if (record.status === 'committing') await enqueue('import.commit', { importId: record.id, actorId: ctx.actor.id });
  return record;
}
