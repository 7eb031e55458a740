import { cookies } from 'next/headers';
import { LOCALE_COOKIE } from '@/lib/platform/i18n/config';
import { importErrorsWorkbook } from '@/lib/imports/error-sheet';
import { exportResponse } from '@/lib/platform/export';
import { defineRoute, idParams } from '@/lib/web/route';

/** An import's error list as XLSX (row numbers as in the uploaded sheet), in the reader's language, streamed. */
export const GET = defineRoute({ roles: ['staff', 'admin'], params: idParams }, async ({ ctx, params }) => {
  const locale = (await cookies()).get(LOCALE_COOKIE)?.value;
  return exportResponse(await importErrorsWorkbook({ ctx, input: { id: params.id, locale } }), 'xlsx');
});
