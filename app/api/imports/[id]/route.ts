import { getImport } from '@/lib/imports/imports';
import { NotFoundError } from '@/lib/core/errors';
import { isId } from '@/lib/core/ids';
import { defineRoute } from '@/lib/web/route';

/** Progress of an import, polled by its page while it validates or commits. */
export const GET = defineRoute<{ id: string }>({ roles: ['staff', 'admin'] }, async ({ ctx, params }) => {
  if (!isId(params.id)) throw new NotFoundError();
  const record = await getImport({ ctx, input: { id: params.id, errorsPageSize: 1, rowsPageSize: 1 } });
  return { id: record.id, status: record.status, stage: record.stage, processedRows: record.processedRows, totalRows: record.totalRows, errorCount: record.errorCount };
});
