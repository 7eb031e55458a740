import { readAttachment } from '@/lib/disputes/queries';
import { contentDisposition } from '@/lib/platform/export';
import { defineRoute, idParams } from '@/lib/web/route';

/**
 * A dispute's attachment, for whoever may see the dispute (the verb checks the scope: a manager
 * their own, a supervisor their unit, staff and admin all; anything else is a 404). Served with
 * the type detected from its content when it was filed, never sniffed again by the browser, and
 * never cached.
 */
export const GET = defineRoute({ roles: ['manager', 'supervisor', 'staff', 'admin'], params: idParams }, async ({ ctx, params }) => {
  const file = await readAttachment({ ctx, input: { attachmentId: params.id } });
  return new Response(new Uint8Array(file.bytes), {
    headers: {
      'content-type': file.contentType,
      'content-length': String(file.bytes.byteLength),
      'content-disposition': contentDisposition(file.fileName, undefined, 'inline'),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    },
  });
});
