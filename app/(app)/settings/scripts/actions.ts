'use server';

import { z } from 'zod';
import { assignScriptInput, createScriptInput, saveDraftInput, SCRIPT_TEMPLATES, scriptIdInput } from '@/lib/scripts/schemas';
import { assignScript, createScript, openDraft, publishScript, retireScript, saveScriptDraft } from '@/lib/scripts/scripts';
import { defineAction } from '@/lib/web/safe-action';

const STAFF = ['admin', 'staff'] as const;

const createInput = createScriptInput.extend({ template: z.enum(SCRIPT_TEMPLATES) });

export const createScriptAction = defineAction({ schema: createInput, roles: [...STAFF] }, async (ctx, input) => {
  const { script } = await createScript({ ctx, input });
  return { id: script.id };
});

export const openDraftAction = defineAction({ schema: scriptIdInput, roles: [...STAFF] }, async (ctx, input) => {
  const draft = await openDraft({ ctx, input });
  return { versionId: draft.id, version: draft.version };
});

export const saveDraftAction = defineAction({ schema: saveDraftInput, roles: [...STAFF] }, async (ctx, input) => {
  const draft = await saveScriptDraft({ ctx, input });
  return { versionId: draft.id, version: draft.version };
});

/** Saves the draft as shown, then publishes it (refused with every issue when it does not validate). */
export const saveAndPublishAction = defineAction({ schema: saveDraftInput, roles: [...STAFF] }, async (ctx, input) => {
  await saveScriptDraft({ ctx, input });
  const published = await publishScript({ ctx, input: { scriptId: input.scriptId } });
  return { versionId: published.id, version: published.version, maxScore: published.maxScore };
});

export const retireScriptAction = defineAction({ schema: scriptIdInput, roles: [...STAFF] }, async (ctx, input) => {
  const script = await retireScript({ ctx, input });
  return { id: script.id };
});

export const assignScriptAction = defineAction({ schema: assignScriptInput, roles: [...STAFF] }, async (ctx, input) => {
  await assignScript({ ctx, input });
  return { slot: input.slot };
});
