import { saveDraft } from '@/lib/desk/draft';
import { defineRoute, jsonBody } from '@/lib/web/route';

export const dynamic = 'force-dynamic';

/**
 * Saves the answers given so far and the notes of the callback I hold: body { answers, notes }.
 * The desk calls it as answers are given (also with `keepalive` when the page goes away). 409 when
 * the callback is not (or no longer) mine; 400 naming each question whose answer does not fit the version.
 */
export const PUT = defineRoute<{ id: string }>({ roles: ['agent'], body: jsonBody(256 * 1024) }, async ({ ctx, request, params }) => {
  const body = (await request.json().catch(() => ({}))) as { answers?: unknown; notes?: unknown };
  const saved = await saveDraft({ ctx, input: { taskId: params.id, answers: body.answers as Record<string, unknown>, notes: body.notes as string } });
  return { savedAt: saved.savedAt.toISOString() };
});
