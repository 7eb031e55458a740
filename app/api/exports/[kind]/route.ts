import { z } from 'zod';
import { EXPORT_KINDS, prepareExportOf } from '@/lib/exports/registry';
import { EXPORT_FORMATS, exportResponse } from '@/lib/platform/export';
import { defineRoute } from '@/lib/web/route';
import { reportsCtx } from '@/lib/web/session';

/**
 * A list as a file: /api/exports/<kind>?format=xlsx|csv and the list page's own filters. The
 * route takes the format; the kind's verb parses the filters with the list's schema (a bad one is
 * a 400 naming it) and applies the list's role and data scope (403, or 404 for a record out of
 * scope) before a byte is sent; the rows then stream as they are read. Under proxy.ts like any
 * GET: the proxy holds back request bodies, not responses.
 */
const params = z.object({ kind: z.enum(EXPORT_KINDS) });
const query = z.looseObject({ format: z.enum(EXPORT_FORMATS, 'errors.invalidValue').default('xlsx') });

export const GET = defineRoute({ roles: ['manager', 'supervisor', 'staff', 'admin'], params, query }, async ({ ctx, params: { kind }, query: { format, ...rest } }) => {
  const filters = Object.fromEntries(Object.entries(rest).filter((e): e is [string, string] => typeof e[1] === 'string'));
  // Every kind only reads, and a file of the list as it stood a second ago is the list: the replica's.
  const prepared = await prepareExportOf({ ctx: reportsCtx(ctx), input: { kind, filters } });
  return exportResponse(prepared, format);
});
