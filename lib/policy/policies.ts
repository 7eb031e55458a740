import { and, asc, desc, eq, lte, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, policyVersions, users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import type { Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { env } from '@/lib/platform/config/env';
import { localDay } from '@/lib/calling/calendar';
import { policyDefinitions, type PolicyKey, type PolicyValue } from './definitions';

export interface PolicyInForce<K extends PolicyKey> {
  key: K;
  /** 0 = the shipped default (no version saved yet). */
  version: number;
  effectiveFrom: string | null;
  value: PolicyValue<K>;
}

/**
 * A stored version's value as every reader takes it: merged over the defaults, so a key added
 * later has a value in old versions, and parsed. No stored value: the shipped defaults.
 */
export function policyValue<K extends PolicyKey>(key: K, stored: unknown): PolicyValue<K> {
  const definition = policyDefinitions[key];
  if (stored === undefined || stored === null) return definition.defaults as PolicyValue<K>;
  return definition.schema.parse({ ...definition.defaults, ...(stored as object) }) as PolicyValue<K>;
}

/** The value of one version of a policy (0 = the shipped defaults), e.g. the one a close recorded. */
export async function policyOfVersion<K extends PolicyKey>(db: DbOrTx, key: K, version: number): Promise<PolicyValue<K>> {
  if (version === 0) return policyValue(key, undefined);
  const [row] = await db
    .select({ value: policyVersions.value })
    .from(policyVersions)
    .where(and(eq(policyVersions.key, key), eq(policyVersions.version, version)));
  return policyValue(key, row?.value);
}

/** The version of a policy in force on a day ('YYYY-MM-DD' in APP_TIMEZONE). */
export async function policyInForce<K extends PolicyKey>(db: DbOrTx, key: K, day: string): Promise<PolicyInForce<K>> {
  const [row] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.key, key), lte(policyVersions.effectiveFrom, day)))
    .orderBy(desc(policyVersions.effectiveFrom))
    .limit(1);
  if (!row) return { key, version: 0, effectiveFrom: null, value: policyValue(key, undefined) };
  return { key, version: row.version, effectiveFrom: row.effectiveFrom, value: policyValue(key, row.value) };
}

/**
 * What a policy's settings page shows: the version in force today, the latest one scheduled to
 * take effect later, and every version (newest effective date first) with who saved it — stored
 * values merged over the defaults, as policyInForce reads them.
 */
export async function policySettingsView<K extends PolicyKey>(db: DbOrTx, key: K, today: string) {
  const [inForce, found] = await Promise.all([
    policyInForce(db, key, today),
    db
      .select({
        version: policyVersions.version,
        effectiveFrom: policyVersions.effectiveFrom,
        value: policyVersions.value,
        note: policyVersions.note,
        createdAt: policyVersions.createdAt,
        createdBy: users.displayName,
      })
      .from(policyVersions)
      .leftJoin(users, eq(users.id, policyVersions.createdBy))
      .where(eq(policyVersions.key, key))
      .orderBy(desc(policyVersions.effectiveFrom), asc(policyVersions.version)),
  ]);
  const defaults = policyDefinitions[key].defaults as PolicyValue<K>;
  const history = found.map((r) => ({ ...r, value: { ...defaults, ...(r.value as Partial<PolicyValue<K>>) } as PolicyValue<K>, inForce: r.version === inForce.version }));
  const upcoming = history.filter((h) => h.effectiveFrom > today).at(-1) ?? null;
  return { inForce, upcoming, history };
}

export async function listPolicyVersions(db: DbOrTx, key: PolicyKey) {
  return db.select().from(policyVersions).where(eq(policyVersions.key, key)).orderBy(desc(policyVersions.effectiveFrom));
}

/**
 * A policy's value checked against its schema. The settings forms check first, with their own
 * messages; this is the last line, so its messages are catalogue keys too (never zod's English).
 */
export function parsePolicyValue<K extends PolicyKey>(key: K, input: unknown): PolicyValue<K> {
  const parsed = policyDefinitions[key].schema.safeParse(input);
  if (!parsed.success) {
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), code: i.message.startsWith('errors.') ? i.message.slice(7) : 'policy.outOfRange' })),
    );
  }
  return parsed.data as PolicyValue<K>;
}

/**
 * Saves a new version of a policy effective from a day. A version for the same day is refused:
 * the history of what was in force must stay readable.
 */
export async function savePolicyVersion<K extends PolicyKey>({
  ctx,
  input,
}: {
  ctx: Ctx;
  input: { key: K; effectiveFrom: string; value: unknown; note?: string };
}): Promise<PolicyInForce<K>> {
  assertRole(ctx.actor, 'admin', 'staff');
  const value = parsePolicyValue(input.key, input.value);
  return ctx.db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: policyVersions.id })
      .from(policyVersions)
      .where(and(eq(policyVersions.key, input.key), eq(policyVersions.effectiveFrom, input.effectiveFrom)));
    if (existing) throw ValidationError.field('effectiveFrom', 'policy.dayTaken', { day: input.effectiveFrom });
    const [{ latest }] = await tx.select({ latest: max(policyVersions.version) }).from(policyVersions).where(eq(policyVersions.key, input.key));
    // A cancelled version's number is not given again: the audit log names it (policy.cancelled).
    const [{ cancelled }] = await tx
      .select({ cancelled: sql<number | null>`max((${auditLog.after}->>'version')::int)` })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'policy.cancelled'), eq(auditLog.entityType, 'policy'), sql`${auditLog.after}->>'key' = ${input.key}`));
    const version = Math.max(latest ?? 0, Number(cancelled ?? 0)) + 1;
    const [row] = await tx
      .insert(policyVersions)
      .values({ key: input.key, version, effectiveFrom: input.effectiveFrom, value, note: input.note ?? '', createdBy: ctx.actor.id })
      .returning();
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'policy.saved', entityType: 'policy', entityId: `${input.key}@${version}`, after: row });
    return { key: input.key, version, effectiveFrom: row.effectiveFrom, value };
  });
}

/**
 * Cancels a version scheduled to take effect later (its effective day after today, in
 * APP_TIMEZONE): it is deleted and never applies; the audit log keeps what it was. A version
 * already in force, or in force once, is refused — what was in force on a past day must stay
 * readable, and closes name the versions they were assessed under.
 */
export async function cancelScheduledPolicyVersion({ ctx, input }: { ctx: Ctx; input: { key: PolicyKey; version: number } }): Promise<{ key: PolicyKey; version: number; effectiveFrom: string }> {
  assertRole(ctx.actor, 'admin', 'staff');
  if (!(input.key in policyDefinitions)) throw new NotFoundError();
  const today = localDay(ctx.now(), env().APP_TIMEZONE);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(policyVersions)
      .where(and(eq(policyVersions.key, input.key), eq(policyVersions.version, input.version)))
      .for('update');
    if (!row) throw new NotFoundError('policy.versionNotFound', { version: input.version });
    if (row.effectiveFrom <= today) throw new ConflictError('policy.cancelInForce', { version: row.version, from: row.effectiveFrom });
    await tx.delete(policyVersions).where(eq(policyVersions.id, row.id));
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'policy.cancelled',
      entityType: 'policy',
      entityId: `${input.key}@${row.version}`,
      before: row,
      after: { key: input.key, version: row.version, effectiveFrom: row.effectiveFrom },
    });
    return { key: input.key, version: row.version, effectiveFrom: row.effectiveFrom };
  });
}
