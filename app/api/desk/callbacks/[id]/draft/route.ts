import { saveCallbackDraft } from '@/lib/desk/draft';
import { saveDraftFields } from '@/lib/desk/schemas';
import { defineRoute, idParams, jsonBody } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/**
 * Saves the answers given so far and the notes of the callback I hold: body { answers, notes }.
 * The desk calls it as answers are given (also with `keepalive` when the page goes away). 409 when
 * the callback is not (or no longer) mine; 400 naming each question whose answer does not fit the version.
 */
export const PUT = defineRoute({ roles: ['agent'], params: idParams, body: jsonBody(saveDraftFields, 256 * 1024) }, async ({ ctx, params, body }) => {
  const saved = await saveCallbackDraft({ ctx, input: { ...body, taskId: params.id } });
  return { savedAt: saved.savedAt.toISOString() };
});
