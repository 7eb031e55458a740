import { z } from 'zod';
import { importTemplateCsv } from '@/lib/imports/template';
import { IMPORT_KINDS } from '@/lib/imports/kinds';
import { defineRoute } from '@/lib/web/route';

/** A CSV with the accepted headers, to start a file from. */
export const GET = defineRoute({ roles: ['staff', 'admin'], params: z.object({ kind: z.enum(IMPORT_KINDS) }) }, async ({ params }) => {
  return new Response(importTemplateCsv(params.kind), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="huifang-${params.kind}-template.csv"`,
    },
  });
});
