import { IMPORT_KINDS, type ImportKind } from '@/lib/imports/kinds';
import { IMPORT_MAX_BYTES } from '@/lib/imports/imports';
import { uploadImport } from '@/lib/imports/queued';
import { PayloadTooLargeError, ValidationError } from '@/lib/platform/core/errors';
import { defineRoute, type RouteBody } from '@/lib/web/route';

/** The whole body within the file's limit, so a refused upload is refused before anything is stored. */
const body: RouteBody = {
  type: 'multipart',
  maxBytes: IMPORT_MAX_BYTES,
  tooLarge: () => new PayloadTooLargeError('import.fileTooLarge', { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 }),
};

/** Upload a customers or visits file (multipart: kind, file). Validation continues in a worker. */
export const POST = defineRoute({ roles: ['staff', 'admin'], body }, async ({ ctx, request }) => {
  const form = await request.formData().catch(() => null);
  const kind = form?.get('kind');
  const file = form?.get('file');
  if (typeof kind !== 'string' || !IMPORT_KINDS.includes(kind as ImportKind)) throw ValidationError.field('kind', 'import.unknownKind');
  if (!(file instanceof File) || file.size === 0) throw ValidationError.field('file', 'import.emptyFile');
  const record = await uploadImport({ ctx, input: { kind: kind as ImportKind, fileName: file.name }, source: file.stream() });
  return { id: record.id };
});
