import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { scriptVersions } from '@/db/schema';
import { env } from '@/lib/platform/config/env';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { policyInForce } from '@/lib/policy/policies';
import { dayOf } from '@/lib/platform/time/zone';
import { validateAnswers } from './answers';
import { readDefinition, type Answers, type VisitContext } from './definition';
import { scoreAnswers, type ScoreResult } from './scoring';

export interface ScoreSubmissionInput {
  /** The version the callback was answered with (it keeps it, even if a newer one is published since). */
  versionId: string;
  answers: Record<string, unknown>;
  /** The reported visit: what placeholders showed and what blind answers are compared with. */
  visitContext: VisitContext;
  /** Valid from this score; default: the `scoring` policy in force on `day`. */
  threshold?: number;
  /** The day of the call ('YYYY-MM-DD', APP_TIMEZONE; default today): dates after it are refused. */
  day?: string;
}

export interface ScoredSubmission extends ScoreResult {
  versionId: string;
  /** The answers as stored: normalised, only those on the path. */
  answers: Answers;
  threshold: number;
  blind: boolean;
}

/**
 * Scores a callback's answers on the server (the desk calls it on submit): loads the version —
 * which must have been published (a draft is never used on calls) — refuses answers that do not
 * fit it with every issue naming its question, and scores them. Writes nothing.
 */
export async function scoreSubmission(db: DbOrTx, input: ScoreSubmissionInput): Promise<ScoredSubmission> {
  const [version] = await db.select().from(scriptVersions).where(eq(scriptVersions.id, input.versionId));
  if (!version) throw new NotFoundError('scripts.unknownVersion');
  if (version.status === 'draft') throw new ConflictError('scripts.versionNotPublished', { version: version.version });
  const definition = readDefinition(version.definition);
  const day = input.day ?? dayOf(new Date(), env().APP_TIMEZONE);
  const checked = validateAnswers(definition, input.answers ?? {}, { today: day });
  if (!checked.ok) {
    throw new ValidationError(
      checked.issues.map((i) => ({ field: `answers.${i.questionId}`, code: `scripts.${i.code}`, params: i.params })),
      'scripts.answersRefused',
      { count: checked.issues.length, questions: [...new Set(checked.issues.map((i) => i.questionId))].join(', ') },
    );
  }
  const threshold = input.threshold ?? (await policyInForce(db, 'scoring', day)).value.validThreshold;
  const scored = scoreAnswers(definition, checked.answers, { report: input.visitContext, threshold });
  return { ...scored, versionId: version.id, answers: checked.answers, threshold, blind: version.blind };
}
