import { z } from 'zod';
import { exportMonthReport } from '@/lib/assessment/export';
import { monthReportInput } from '@/lib/assessment/schemas';
import { contentDisposition } from '@/lib/platform/export';
import { monthSchema } from '@/lib/platform/time/month-window';
import { defineRoute } from '@/lib/web/route';

/** The report page's filters; the page's own paging is not the export's (it has every row). */
const monthReportFilters = monthReportInput.omit({ month: true, page: true, pageSize: true });

/**
 * The month's assessment report as XLSX with Chinese headers; the query string takes the report
 * page's filters (version, unitId, grade, coverageFailed, q, sort, dir). The verb validates each
 * (a bad value is a 400) and applies the actor's scope (a supervisor gets their unit).
 */
export const GET = defineRoute(
  { roles: ['staff', 'admin', 'supervisor'], params: z.object({ month: monthSchema }), query: monthReportFilters },
  async ({ ctx, params, query }) => {
    const { fileName, body } = await exportMonthReport({ ctx, input: { ...query, month: params.month } });
    return new Response(new Uint8Array(body), {
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': contentDisposition(fileName, `assessment-${params.month}.xlsx`),
        'cache-control': 'no-store',
      },
    });
  },
);
