import { NextResponse } from 'next/server';
import { isDomainError, PayloadTooLargeError, ValidationError } from '@/lib/platform/core/errors';
import { disputeUploadLimit, fileDispute } from '@/lib/disputes/file';
import { fileSpotCheckDispute } from '@/lib/disputes/spot-check';
import type { FileDisputeInput, UploadedFile } from '@/lib/disputes/schemas';
import { defineRoute, type RouteBody } from '@/lib/web/route';
import { actionFailure } from '@/lib/web/safe-action';

/**
 * A manager files a dispute (申诉) from the visit page: multipart/form-data with the form's text
 * fields (visitId, subject, findingCode, reason) and the files under `attachments` — or, for a
 * spot-check finding (/disputes/new?spotCheckItem=…), spotCheckItemId and reason with the files. The verb
 * validates everything (fields, count, size, type by content) and stores nothing when it refuses.
 * Answers as a server action does: `{ ok, data }` or `{ ok: false, error, fieldErrors }`, translated.
 */
const body: RouteBody = {
  type: 'multipart',
  maxBytes: (ctx) => disputeUploadLimit({ ctx }),
  tooLarge: (limit) => new PayloadTooLargeError('disputes.uploadTooLarge', { maxMb: Math.floor(limit / (1024 * 1024)) }),
};

export const POST = defineRoute({ roles: ['manager'], body }, async ({ ctx, request }) => {
  try {
    const form = await request.formData().catch(() => {
      throw new ValidationError([{ field: 'attachments', code: 'invalidValue' }]);
    });
    const text = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : undefined;
    };
    const attachments: UploadedFile[] = [];
    for (const value of form.getAll('attachments')) {
      // A file input left empty still sends one nameless, empty part.
      if (!(value instanceof File) || (value.size === 0 && value.name === '')) continue;
      attachments.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
    }
    const spotCheckItemId = text('spotCheckItemId');
    if (spotCheckItemId !== undefined) {
      const data = await fileSpotCheckDispute({ ctx, input: { spotCheckItemId, reason: text('reason') ?? '', attachments } });
      return NextResponse.json({ ok: true, data });
    }
    const subject = text('subject');
    const input: FileDisputeInput = {
      visitId: text('visitId') ?? '',
      subject: subject as FileDisputeInput['subject'],
      findingCode: text('findingCode') || undefined,
      reason: text('reason') ?? '',
      attachments,
    };
    const data = await fileDispute({ ctx, input });
    return NextResponse.json({ ok: true, data });
  } catch (error) {
    return NextResponse.json(await actionFailure(error), { status: isDomainError(error) ? error.status : 500 });
  }
});
