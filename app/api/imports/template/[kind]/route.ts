import { NotFoundError } from '@/lib/core/errors';
import { importTemplateCsv } from '@/lib/imports/template';
import { IMPORT_KINDS, type ImportKind } from '@/lib/imports/kinds';
import { defineRoute } from '@/lib/web/route';

/** A CSV with the accepted headers, to start a file from. */
export const GET = defineRoute<{ kind: string }>({ roles: ['staff', 'admin'] }, async ({ params }) => {
  if (!IMPORT_KINDS.includes(params.kind as ImportKind)) throw new NotFoundError();
  return new Response(importTemplateCsv(params.kind as ImportKind), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="huifang-${params.kind}-template.csv"`,
    },
  });
});
