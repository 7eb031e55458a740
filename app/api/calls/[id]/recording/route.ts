import { parseRangeHeader } from '@/lib/telephony/byte-range';
import { openRecording, RecordingRangeError } from '@/lib/telephony/recordings';
import { defineRoute, idParams } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/**
 * A call's recording, streamed from the provider for an <audio> element on the dispute review
 * (staff and admin only; each listening is audited by the verb). Never cached anywhere but in the
 * listener's own tab; one byte range per request, as browsers ask when seeking.
 */
export const GET = defineRoute({ roles: ['staff', 'admin'], params: idParams }, async ({ ctx, request, params }) => {
  const range = parseRangeHeader(request.headers.get('range'));
  let media;
  try {
    media = await openRecording({ ctx, input: { callId: params.id, range } });
  } catch (error) {
    // A range past the end: 416 with the size, so the player can ask again.
    if (error instanceof RecordingRangeError && error.contentRange) {
      return new Response(null, { status: 416, headers: { 'Content-Range': error.contentRange, 'Cache-Control': 'private, no-store' } });
    }
    throw error;
  }
  const headers = new Headers({
    'Content-Type': media.contentType,
    'Cache-Control': 'private, no-store',
    'Accept-Ranges': 'bytes',
    'Content-Disposition': `inline; filename="recording-${params.id}.wav"`,
    'X-Content-Type-Options': 'nosniff',
  });
  if (media.size !== null) headers.set('Content-Length', String(media.size));
  if (media.contentRange) headers.set('Content-Range', media.contentRange);
  return new Response(media.body, { status: media.status, headers });
});
