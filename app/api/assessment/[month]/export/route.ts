import { exportMonthReport } from '@/lib/assessment/export';
import type { MonthReportInput } from '@/lib/assessment/schemas';
import { defineRoute } from '@/lib/web/route';

/**
 * The month's assessment report as XLSX with Chinese headers; the query string takes the report
 * page's filters (version, unitId, grade, coverageFailed, q, sort, dir). The verb validates each
 * (a bad value is a 400) and applies the actor's scope (a supervisor gets their unit).
 */
export const GET = defineRoute<{ month: string }>({ roles: ['staff', 'admin', 'supervisor'] }, async ({ ctx, request, params }) => {
  const query = Object.fromEntries([...new URL(request.url).searchParams].filter(([k, v]) => v !== '' && k !== 'page' && k !== 'pageSize'));
  const { fileName, body } = await exportMonthReport({ ctx, input: { ...query, month: params.month } as MonthReportInput });
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': `attachment; filename="assessment-${params.month}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
      'cache-control': 'no-store',
    },
  });
});
