import { eq } from 'drizzle-orm';
import { callbackDrafts, callbackTasks, scriptVersions } from '@/db/schema';
import { assertRole } from '@/lib/auth/guards';
import { NotHolderError } from '@/lib/callbacks/errors';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import type { AnswerIssue } from '@/lib/scripts/answers';
import { readDefinition } from '@/lib/scripts/definition';
import { pruneAnswers } from '@/lib/scripts/flow';
import { dayOf } from '@/lib/platform/time/zone';
import { NoScriptError } from './errors';
import { draftFor } from './open';
import { checkUnfinishedAnswers } from './rules';
import { saveDraftInput, type SaveDraftInput } from './schemas';
import { loadTaskVisit } from './visit';
import { parseInput } from '@/lib/platform/core/parse-input';

/** Answers that do not fit the version, refused with every question named (as scoreSubmission does). */
export function answersRefused(issues: AnswerIssue[]): ValidationError {
  return new ValidationError(
    issues.map((i) => ({ field: `answers.${i.questionId}`, code: `scripts.${i.code}`, params: i.params })),
    'scripts.answersRefused',
    { count: issues.length, questions: [...new Set(issues.map((i) => i.questionId))].join(', ') },
  );
}

/**
 * Saves the answers given so far and the wrap-up notes of the callback the agent holds — the desk
 * calls it as answers are given, so a refresh or a crash loses nothing. Only the holder (else 409,
 * nothing written). Answers must fit the task's script version (each misfit names its question);
 * answers a changed choice left off the path are dropped. Not audited: a draft decides nothing,
 * and the submit that does is.
 */
export async function saveCallbackDraft({ ctx, input }: { ctx: Ctx; input: SaveDraftInput }): Promise<{ taskId: string; savedAt: Date; answers: Record<string, unknown>; notes: string }> {
  assertRole(ctx.actor, 'agent');
  const data = parseInput(saveDraftInput, input);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    // Locked: a draft save racing the submit either lands before it (and is deleted by it) or
    // finds the task no longer held — never a draft left behind a finished callback.
    const [locked] = await tx.select({ id: callbackTasks.id }).from(callbackTasks).where(eq(callbackTasks.id, data.taskId)).for('update');
    if (!locked) throw new NotFoundError();
    const task = await loadTaskVisit(tx, data.taskId);
    if (task.state !== 'held' || task.holderId !== ctx.actor.id) throw new NotHolderError();
    const draft = await draftFor(tx, task, ctx.actor.id, now);
    if (!draft) throw new NoScriptError(task.customerClass);
    const [version] = await tx.select({ definition: scriptVersions.definition }).from(scriptVersions).where(eq(scriptVersions.id, draft.scriptVersionId));
    const definition = readDefinition(version.definition);
    const checked = checkUnfinishedAnswers(definition, data.answers, dayOf(now, env().APP_TIMEZONE));
    if (checked.issues.length > 0) throw answersRefused(checked.issues);
    const answers = pruneAnswers(definition, checked.answers) as Record<string, unknown>;
    await tx.update(callbackDrafts).set({ answers, notes: data.notes, agentId: ctx.actor.id, updatedAt: now }).where(eq(callbackDrafts.taskId, data.taskId));
    return { taskId: data.taskId, savedAt: now, answers, notes: data.notes };
  });
}
