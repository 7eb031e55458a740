import { z } from 'zod';
import { exportMonthReport } from '@/lib/assessment/export';
import { monthReportInput } from '@/lib/assessment/schemas';
import { workbookResponse } from '@/lib/platform/export';
import { monthSchema } from '@/lib/platform/time/month-window';
import { defineRoute } from '@/lib/web/route';
import { reportsCtx } from '@/lib/web/session';

/** The report page's filters; the page's own paging is not the export's (it has every row). */
const monthReportFilters = monthReportInput.omit({ month: true, page: true, pageSize: true });

/**
 * The month's assessment report as XLSX with Chinese headers; the query string takes the report
 * page's filters (version, unitId, grade, coverageFailed, q, sort, dir). The verb validates each
 * (a bad value is a 400) and applies the actor's scope (a supervisor gets their unit) before a
 * byte is sent; the workbook then streams, its visits' sheet read as it is written.
 */
export const GET = defineRoute(
  { roles: ['staff', 'admin', 'supervisor'], params: z.object({ month: monthSchema }), query: monthReportFilters },
  async ({ ctx, params, query }) => {
    // A closed month's report only reads what its closes froze: the replica's (lib/platform/db.ts, reportsDb).
    return workbookResponse(await exportMonthReport({ ctx: reportsCtx(ctx), input: { ...query, month: params.month } }));
  },
);
