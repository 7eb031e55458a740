import { getImport } from '@/lib/imports/imports';
import { defineRoute, idParams } from '@/lib/web/route';

/** Progress of an import, polled by its page while it validates or commits. */
export const GET = defineRoute({ roles: ['staff', 'admin'], params: idParams }, async ({ ctx, params }) => {
  const record = await getImport({ ctx, input: { id: params.id, errorsPageSize: 1, rowsPageSize: 1 } });
  return { id: record.id, status: record.status, stage: record.stage, processedRows: record.processedRows, totalRows: record.totalRows, errorCount: record.errorCount };
});
