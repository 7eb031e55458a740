import { z } from 'zod';
import { getImport } from '@/lib/imports/imports';
import { NotFoundError } from '@/lib/core/errors';
import { defineRoute } from '@/lib/web/route';

/** Progress of an import, polled by its page while it validates or commits. */
export const GET = defineRoute<{ id: string }>({ roles: ['staff', 'admin'] }, async ({ ctx, params }) => {
  if (!z.uuid().safeParse(params.id).success) throw new NotFoundError();
  const record = await getImport({ ctx, input: { id: params.id, errorsPageSize: 1, rowsPageSize: 1 } });
  return { id: record.id, status: record.status, stage: record.stage, processedRows: record.processedRows, totalRows: record.totalRows, errorCount: record.errorCount };
});
