import { sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db, DbOrTx } from '@/db/client';
import { assertRole } from '@/lib/auth/guards';
import { CHECK_CODES } from '@/lib/checks/rules';
import type { Ctx } from '@/lib/platform/core/context';
import { ValidationError } from '@/lib/platform/core/errors';
import { parsePolicyValue } from '@/lib/policy/policies';
import type { PolicyValue } from '@/lib/policy/definitions';
import { loadChunk, planChunk, prepareRun } from './evaluate';
import { readFigures, type AssessmentFigures } from './figures';
import { readGrade, readScore } from './grade';
import { PolicyTimeline, type AssessmentPolicies } from './policies';
import { compareOutcomes, flagCounts, flaggedVisits, type Effect, type FlagCount, type ManagerOutcome } from './preview-rules';
import { rows, uuidArray } from '@/lib/platform/core/sql';
import { monthWindow } from '@/lib/platform/time/month-window';
import { env } from '@/lib/platform/config/env';

/**
 * 规则调整的影响预览: what the last closed month's points, scores and grades would have been had a
 * policy held the values of a settings form — per unit and in total, beside what its close
 * produced. The month is re-decided by the assessment's own code (loadChunk → planChunk, the pure
 * rules the close uses) with the one policy substituted for the whole month; nothing is written:
 * it reads in one read-only transaction.
 */
export const PREVIEW_KEYS = ['assessment', 'scoring', 'checks'] as const;
export type PreviewKey = (typeof PREVIEW_KEYS)[number];

export type PolicyEffectPreview =
  | { month: null }
  | (Effect & {
      month: string;
      closeVersion: number;
      closedAt: Date;
      /** Something changed after the close (e.g. a dispute decided): the preview reads the month as it is now. */
      changedSinceClose: boolean;
      unitNames: Record<string, string>;
      managerNames: Record<string, string>;
      /** Visits flagged by each data check under the rules in force and under the form's values. */
      flags: FlagCount[];
    });

const CHUNK = 1000;

export async function previewPolicyEffect<K extends PreviewKey>({ ctx, input }: { ctx: Ctx; input: { key: K; value: unknown } }): Promise<PolicyEffectPreview> {
  assertRole(ctx.actor, 'staff', 'admin');
  if (!(PREVIEW_KEYS as readonly string[]).includes(input.key)) throw ValidationError.field('key', 'invalidValue');
  const value = parsePolicyValue(input.key, input.value);
  return readOnly(ctx.db, async (tx) => {
    const [close] = await rows<{ id: string; month: string; version: number; closedAt: Date | string; changed: boolean }>(
      tx,
      sql`select mc.id, mc.month, mc.version, mc.closed_at as "closedAt", coalesce(ms.changed_since_close, false) as changed
            from month_closes mc left join month_status ms on ms.month = mc.month
           order by mc.month desc, mc.version desc limit 1`,
    );
    if (!close) return { month: null };
    const w = monthWindow(close.month, env().APP_TIMEZONE);

    const stored = await rows<{ managerId: string; unitId: string | null; figures: AssessmentFigures; score: number | string | null; grade: string }>(
      tx,
      sql`select manager_id as "managerId", unit_id as "unitId", figures, score, grade from month_assessments where close_id = ${close.id}::uuid`,
    );
    const closed: ManagerOutcome[] = stored.map((a) => ({ managerId: a.managerId, unitId: a.unitId, figures: readFigures(a.figures), score: readScore(a.score), grade: readGrade(a.grade) }));

    // The close's managers, and anyone the changed rules could bring in (claims, visits, points, spot checks of the month).
    const managerIds = (
      await rows<{ m: string }>(
        tx,
        sql`select m from (
              select manager_id as m from month_assessments where close_id = ${close.id}::uuid
              union select manager_id from visit_reports where visited_at >= ${w.start.toISOString()}::timestamptz and visited_at < ${w.end.toISOString()}::timestamptz
              union select manager_id from claims
               where effective_from < ${w.end.toISOString()}::timestamptz and (effective_to is null or effective_to > ${w.start.toISOString()}::timestamptz)
              union select manager_id from points_ledger where month = ${w.month}
              union select manager_id from spot_checks where month = ${w.month} and selected
              union select manager_id from penalty_ledger where month = ${w.month}
            ) x order by m`,
      )
    ).map((r) => r.m);

    const run = await prepareRun(tx, w.month, {
      now: ctx.now(),
      timeZone: w.timeZone,
      monthOver: true,
      source: { cause: 'evaluation', causeId: null, decidedBy: null, ledgerSource: 'recompute', ledgerSourceId: null },
    });
    const changed = { ...run, policies: substitute(run.policies, input.key, value) };
    const preview: ManagerOutcome[] = [];
    const currentFlags = new Map<string, Set<string>>();
    const previewFlags = new Map<string, Set<string>>();
    for (let i = 0; i < managerIds.length; i += CHUNK) {
      // Against no stored findings, a plan's findings diff holds every visit's findings.
      const data = { ...(await loadChunk(tx, run, managerIds.slice(i, i + CHUNK))), storedFindings: new Map() };
      flaggedVisits(planChunk(run, data).findings, currentFlags);
      const plan = planChunk(changed, data);
      flaggedVisits(plan.findings, previewFlags);
      for (const m of plan.managers) if (m.assessed) preview.push({ managerId: m.managerId, unitId: m.unitId, figures: m.figures, score: m.score, grade: m.grade });
    }

    const effect = compareOutcomes(closed, preview);
    const unitIds = effect.units.map((u) => u.unitId).filter((id): id is string => id !== null);
    const changedIds = effect.changes.map((c) => c.managerId);
    const [unitRows, managerRows] = await Promise.all([
      unitIds.length ? rows<{ id: string; name: string }>(tx, sql`select id, name from units where id = any(${uuidArray(unitIds)})`) : [],
      changedIds.length ? rows<{ id: string; name: string }>(tx, sql`select id, display_name as name from users where id = any(${uuidArray(changedIds)})`) : [],
    ]);
    const unitNames = Object.fromEntries(unitRows.map((u) => [u.id, u.name]));
    const managerNames = Object.fromEntries(managerRows.map((u) => [u.id, u.name]));
    const byName = (a: string | null, b: string | null) => (a === null ? 1 : b === null ? -1 : (unitNames[a] ?? a).localeCompare(unitNames[b] ?? b, 'zh-CN'));
    effect.units.sort((a, b) => byName(a.unitId, b.unitId));
    effect.changes.sort((a, b) => byName(a.unitId, b.unitId) || (managerNames[a.managerId] ?? '').localeCompare(managerNames[b.managerId] ?? '', 'zh-CN'));
    return {
      ...effect,
      month: close.month,
      closeVersion: close.version,
      closedAt: new Date(close.closedAt),
      changedSinceClose: close.changed,
      unitNames,
      managerNames,
      flags: flagCounts(CHECK_CODES, currentFlags, previewFlags),
    };
  });
}

/** The policies of a run with one of them holding the given value all month. */
export function substitute<K extends PreviewKey>(policies: AssessmentPolicies, key: K, value: PolicyValue<K>): AssessmentPolicies {
  const timeline = PolicyTimeline.of(key, [{ version: -1, effectiveFrom: '0001-01-01', value: value as Record<string, unknown> }]);
  // checksByDay caches the check numbers per day: a fresh one, so the substituted checks are read.
  return { ...policies, [key]: timeline, checksByDay: new Map() };
}

/** Runs reads in one read-only transaction (a consistent snapshot; a write would fail). */
function readOnly<T>(db: DbOrTx, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  if (db instanceof PgTransaction) return db.transaction(fn);
  return (db as Db).transaction(fn, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}
