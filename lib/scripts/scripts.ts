import { and, asc, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { callbackScripts, scriptAssignments, scriptVersions, users } from '@/db/schema';
import { recordAudit } from '@/lib/platform/audit/record';
import { assertRole } from '@/lib/auth/guards';
import type { Actor, Ctx } from '@/lib/platform/core/context';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '@/lib/platform/core/errors';
import { isId } from '@/lib/platform/core/ids';
import { fieldIssuesOf, parseInput } from '@/lib/platform/core/parse-input';
import { env } from '@/lib/platform/config/env';
import { policyInForce } from '@/lib/policy/policies';
import { dayOf } from '@/lib/platform/time/zone';
import { systemActor } from '@/lib/users/system-user';
import { emptyDefinition, readDefinition, scriptDefinitionSchema, type ScriptDefinition } from './definition';
import { DEFAULT_BLIND_SCRIPT, DEFAULT_BLIND_SCRIPT_NAME, DEFAULT_SCRIPT, DEFAULT_SCRIPT_NAME, DEFAULT_SPOT_CHECK_SCRIPT, DEFAULT_SPOT_CHECK_SCRIPT_NAME } from './default-scripts';
import {
  ASSIGNMENT_SLOTS,
  assignScriptInput,
  createScriptInput,
  REQUIRED_SLOTS,
  SCRIPT_TEMPLATES,
  saveDraftInput,
  scriptIdInput,
  slotOf,
  slotTarget,
  type AssignmentSlot,
  type AssignScriptInput,
  type CreateScriptInput,
  type CustomerClass,
  type SaveDraftInput,
  type ScriptTemplate,
  type ScriptIdInput,
  type VersionIdInput,
} from './schemas';
import { validateDefinition, type DefinitionIssue } from './validate';

/**
 * Callback scripts (外呼脚本): create, edit the one draft version, publish (validated, then frozen),
 * retire, assign (per customer class for verification, one for spot checks), and find the version
 * a callback uses. Every change is audited.
 */

type ScriptRow = typeof callbackScripts.$inferSelect;
type VersionRow = typeof scriptVersions.$inferSelect;
export type ScriptVersionStatus = VersionRow['status'];

export interface ScriptVersion extends Omit<VersionRow, 'definition'> {
  definition: ScriptDefinition;
}

const ENTITY = 'callback_script';

function toVersion(row: VersionRow): ScriptVersion {
  return { ...row, definition: readDefinition(row.definition) };
}

/** Stored shape: blank optional fields dropped, so frozen versions read the same everywhere. */
function storedDefinition(def: ScriptDefinition): Record<string, unknown> {
  const parsed = scriptDefinitionSchema.parse(def);
  const clean = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && v !== false)) as T;
  return {
    ...(parsed.opening ? { opening: parsed.opening } : {}),
    ...(parsed.closing ? { closing: parsed.closing } : {}),
    questions: parsed.questions.map((q) => ({
      ...clean({ ...q, options: undefined, compare: undefined, required: undefined }),
      required: q.required,
      options: q.options.map((o) => ({ ...clean(o), points: o.points })),
      ...(q.compare ? { compare: q.compare } : {}),
    })),
  };
}

async function lockScript(tx: DbOrTx, scriptId: string): Promise<ScriptRow> {
  const [script] = await tx.select().from(callbackScripts).where(eq(callbackScripts.id, scriptId)).for('update');
  if (!script) throw new NotFoundError();
  return script;
}

async function versionsOf(tx: DbOrTx, scriptId: string): Promise<VersionRow[]> {
  return tx.select().from(scriptVersions).where(eq(scriptVersions.scriptId, scriptId)).orderBy(desc(scriptVersions.version));
}

async function insertVersion(tx: DbOrTx, actor: Actor, now: Date, scriptId: string, blind: boolean, definition: ScriptDefinition): Promise<VersionRow> {
  const [{ latest }] = await tx.select({ latest: max(scriptVersions.version) }).from(scriptVersions).where(eq(scriptVersions.scriptId, scriptId));
  const [row] = await tx
    .insert(scriptVersions)
    .values({ scriptId, version: (latest ?? 0) + 1, status: 'draft', blind, definition: storedDefinition(definition), createdBy: actor.id, createdAt: now, updatedAt: now })
    .returning();
  return row;
}

async function insertScript(
  tx: DbOrTx,
  actor: Actor,
  now: Date,
  input: { name: string; description?: string; blind: boolean; definition: ScriptDefinition },
): Promise<{ script: ScriptRow; version: VersionRow }> {
  const [script] = await tx
    .insert(callbackScripts)
    .values({ name: input.name, description: input.description ?? '', createdBy: actor.id, createdAt: now, updatedAt: now })
    .returning();
  const version = await insertVersion(tx, actor, now, script.id, input.blind, input.definition);
  await recordAudit(tx, { actorId: actor.id, action: 'script.created', entityType: ENTITY, entityId: script.id, after: { script, version } });
  return { script, version };
}

/** The definition issues as field issues (field = the question id, or 'definition'). */
export function definitionFieldIssues(issues: DefinitionIssue[]): FieldIssue[] {
  return issues.map((i) => ({ field: i.questionId ? `questions.${i.questionId}` : 'definition', code: `scripts.${i.code}`, params: i.params }));
}

async function publishDraftOf(tx: DbOrTx, actor: Actor, now: Date, script: ScriptRow): Promise<VersionRow> {
  if (script.archived) throw new ConflictError('scripts.retired', { name: script.name });
  const versions = await versionsOf(tx, script.id);
  const draft = versions.find((v) => v.status === 'draft');
  if (!draft) throw new ConflictError('scripts.noDraft', { name: script.name });
  const parsed = scriptDefinitionSchema.safeParse(draft.definition);
  if (!parsed.success) {
    throw new ValidationError(fieldIssuesOf(parsed.error.issues), 'scripts.invalidDefinition', { count: parsed.error.issues.length });
  }
  const report = validateDefinition(parsed.data, { blind: draft.blind });
  if (!report.ok) throw new ValidationError(definitionFieldIssues(report.issues), 'scripts.invalidDefinition', { count: report.issues.length });
  // One version in use per script: the one published before is superseded (kept, frozen, for the callbacks scored with it).
  const superseded = versions.filter((v) => v.status === 'published');
  if (superseded.length > 0) {
    await tx
      .update(scriptVersions)
      .set({ status: 'retired', updatedAt: now })
      .where(inArray(scriptVersions.id, superseded.map((v) => v.id)));
  }
  const [published] = await tx
    .update(scriptVersions)
    .set({ status: 'published', maxScore: report.maxScore, publishedAt: now, publishedBy: actor.id, updatedAt: now })
    .where(and(eq(scriptVersions.id, draft.id), eq(scriptVersions.status, 'draft')))
    .returning();
  await tx.update(callbackScripts).set({ updatedAt: now }).where(eq(callbackScripts.id, script.id));
  await recordAudit(tx, {
    actorId: actor.id,
    action: 'script.published',
    entityType: ENTITY,
    entityId: script.id,
    before: { version: draft.version, status: 'draft', superseded: superseded.map((v) => v.version) },
    after: { versionId: published.id, version: published.version, status: 'published', maxScore: published.maxScore },
  });
  return published;
}

const TEMPLATE_DEFINITIONS: Record<Exclude<ScriptTemplate, 'empty'>, ScriptDefinition> = {
  standard: DEFAULT_SCRIPT,
  blind: DEFAULT_BLIND_SCRIPT,
  spotCheck: DEFAULT_SPOT_CHECK_SCRIPT,
};

const createScriptWithTemplateInput = createScriptInput.extend({ template: z.enum(SCRIPT_TEMPLATES).optional() });

export async function createScript({ ctx, input: raw }: { ctx: Ctx; input: CreateScriptInput & { template?: ScriptTemplate } }) {
  assertRole(ctx.actor, 'admin', 'staff');
  const input = parseInput(createScriptWithTemplateInput, raw);
  const template = input.template ?? (input.blind ? 'blind' : 'standard');
  const definition = template === 'empty' ? emptyDefinition() : TEMPLATE_DEFINITIONS[template];
  return ctx.db.transaction((tx) =>
    insertScript(tx, ctx.actor, ctx.now(), { name: input.name, description: input.description, blind: input.blind ?? template === 'blind', definition }),
  );
}

/**
 * The draft version of a script, to edit. A script has at most one draft; when there is none
 * (its versions are published and frozen) a new one is made as a copy of the latest version.
 */
export async function openDraft({ ctx, input: raw }: { ctx: Ctx; input: ScriptIdInput }): Promise<ScriptVersion> {
  assertRole(ctx.actor, 'admin', 'staff');
  const input = parseInput(scriptIdInput, raw);
  return ctx.db.transaction(async (tx) => {
    const script = await lockScript(tx, input.scriptId);
    if (script.archived) throw new ConflictError('scripts.retired', { name: script.name });
    const versions = await versionsOf(tx, script.id);
    const draft = versions.find((v) => v.status === 'draft');
    if (draft) return toVersion(draft);
    const latest = versions[0];
    const row = await insertVersion(tx, ctx.actor, ctx.now(), script.id, latest?.blind ?? false, latest ? readDefinition(latest.definition) : emptyDefinition());
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'script.draftOpened', entityType: ENTITY, entityId: script.id, after: { versionId: row.id, version: row.version, copiedFrom: latest?.version ?? null } });
    return toVersion(row);
  });
}

/**
 * Saves the draft (and the script's name and description). Published versions are never changed:
 * without a draft, saving makes a new version. Drafts may be incomplete; publishing checks them.
 */
export async function saveScriptDraft({ ctx, input: raw }: { ctx: Ctx; input: SaveDraftInput }): Promise<ScriptVersion> {
  assertRole(ctx.actor, 'admin', 'staff');
  const input = parseInput(saveDraftInput, raw);
  const definition: ScriptDefinition = { opening: input.opening, closing: input.closing, questions: input.questions };
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const script = await lockScript(tx, input.scriptId);
    if (script.archived) throw new ConflictError('scripts.retired', { name: script.name });
    if (script.name !== input.name || script.description !== (input.description ?? '')) {
      await tx.update(callbackScripts).set({ name: input.name, description: input.description ?? '', updatedAt: now }).where(eq(callbackScripts.id, script.id));
    }
    const draft = (await versionsOf(tx, script.id)).find((v) => v.status === 'draft');
    let row: VersionRow;
    if (draft) {
      [row] = await tx
        .update(scriptVersions)
        .set({ blind: input.blind, definition: storedDefinition(definition), updatedAt: now })
        .where(and(eq(scriptVersions.id, draft.id), eq(scriptVersions.status, 'draft')))
        .returning();
    } else row = await insertVersion(tx, ctx.actor, now, script.id, input.blind, definition);
    await recordAudit(tx, {
      actorId: ctx.actor.id,
      action: 'script.draftSaved',
      entityType: ENTITY,
      entityId: script.id,
      before: draft ? { version: draft.version, blind: draft.blind, definition: draft.definition, name: script.name, description: script.description } : null,
      after: { versionId: row.id, version: row.version, blind: row.blind, definition: row.definition, name: input.name, description: input.description ?? '' },
    });
    return toVersion(row);
  });
}

/** Publishes the draft: refused with every issue when it does not validate (nothing is written); else frozen. */
export async function publishScript({ ctx, input: raw }: { ctx: Ctx; input: ScriptIdInput }): Promise<ScriptVersion> {
  assertRole(ctx.actor, 'admin', 'staff');
  const input = parseInput(scriptIdInput, raw);
  return ctx.db.transaction(async (tx) => {
    const script = await lockScript(tx, input.scriptId);
    return toVersion(await publishDraftOf(tx, ctx.actor, ctx.now(), script));
  });
}

/** Retires a script: it can no longer be edited or assigned; its versions stay for the callbacks scored with them. */
export async function retireScript({ ctx, input: raw }: { ctx: Ctx; input: ScriptIdInput }) {
  assertRole(ctx.actor, 'admin', 'staff');
  const input = parseInput(scriptIdInput, raw);
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const script = await lockScript(tx, input.scriptId);
    if (script.archived) return script;
    const assigned = await tx.select().from(scriptAssignments).where(eq(scriptAssignments.scriptId, script.id));
    if (assigned.length > 0) {
      throw new ConflictError('scripts.assignedCannotRetire', { name: script.name, slots: assigned.map((a) => slotOf(a) ?? a.kind).join(', ') });
    }
    await tx
      .update(scriptVersions)
      .set({ status: 'retired', updatedAt: now })
      .where(and(eq(scriptVersions.scriptId, script.id), eq(scriptVersions.status, 'published')));
    const [row] = await tx.update(callbackScripts).set({ archived: true, updatedAt: now }).where(eq(callbackScripts.id, script.id)).returning();
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'script.retired', entityType: ENTITY, entityId: script.id, before: { archived: false }, after: { archived: true } });
    return row;
  });
}

export interface VersionSummary {
  id: string;
  version: number;
  status: ScriptVersionStatus;
  blind: boolean;
  maxScore: number | null;
  questionCount: number;
  publishedAt: Date | null;
  publishedByName: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ScriptSummary {
  id: string;
  name: string;
  description: string;
  archived: boolean;
  createdAt: Date;
  updatedAt: Date;
  versions: VersionSummary[];
  /** The version callbacks use now (null: never published, or retired). */
  published: VersionSummary | null;
  draft: VersionSummary | null;
  assignedTo: AssignmentSlot[];
}

async function summaries(db: DbOrTx, scriptIds?: string[]): Promise<ScriptSummary[]> {
  const scripts = await db
    .select()
    .from(callbackScripts)
    .where(scriptIds ? inArray(callbackScripts.id, scriptIds) : undefined)
    .orderBy(asc(callbackScripts.archived), asc(callbackScripts.createdAt), asc(callbackScripts.name));
  if (scripts.length === 0) return [];
  const ids = scripts.map((s) => s.id);
  const versions = await db
    .select({
      id: scriptVersions.id,
      scriptId: scriptVersions.scriptId,
      version: scriptVersions.version,
      status: scriptVersions.status,
      blind: scriptVersions.blind,
      maxScore: scriptVersions.maxScore,
      questionCount: sql<number>`coalesce(jsonb_array_length(${scriptVersions.definition} -> 'questions'), 0)`.mapWith(Number),
      publishedAt: scriptVersions.publishedAt,
      publishedByName: users.displayName,
      createdAt: scriptVersions.createdAt,
      updatedAt: scriptVersions.updatedAt,
    })
    .from(scriptVersions)
    .leftJoin(users, eq(users.id, scriptVersions.publishedBy))
    .where(inArray(scriptVersions.scriptId, ids))
    .orderBy(desc(scriptVersions.version));
  const assignments = await db.select().from(scriptAssignments).where(inArray(scriptAssignments.scriptId, ids));
  return scripts.map((s) => {
    const mine = versions.filter((v) => v.scriptId === s.id).map(({ scriptId: _scriptId, ...v }) => v);
    return {
      id: s.id,
      name: s.name,
      description: s.description,
      archived: s.archived,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      versions: mine,
      published: mine.find((v) => v.status === 'published') ?? null,
      draft: mine.find((v) => v.status === 'draft') ?? null,
      assignedTo: ASSIGNMENT_SLOTS.filter((slot) => assignments.some((a) => a.scriptId === s.id && slotOf(a) === slot)),
    };
  });
}

/** Every script with its versions and where it is assigned (staff). */
export async function listScripts({ ctx }: { ctx: Ctx }): Promise<ScriptSummary[]> {
  assertRole(ctx.actor, 'admin', 'staff');
  return summaries(ctx.db);
}

/** One script with its versions and, when there is one, its draft in full (for the editor). */
export async function getScript({ ctx, input }: { ctx: Ctx; input: ScriptIdInput }): Promise<ScriptSummary & { draftVersion: ScriptVersion | null }> {
  assertRole(ctx.actor, 'admin', 'staff');
  // An id from the address that is no id names no script.
  if (!isId(input.scriptId)) throw new NotFoundError();
  const [summary] = await summaries(ctx.db, [input.scriptId]);
  if (!summary) throw new NotFoundError();
  let draftVersion: ScriptVersion | null = null;
  if (summary.draft) {
    const [row] = await ctx.db.select().from(scriptVersions).where(eq(scriptVersions.id, summary.draft.id));
    draftVersion = toVersion(row);
  }
  return { ...summary, draftVersion };
}

/** One version in full (staff; agents read the versions their callbacks use). */
export async function getScriptVersion({ ctx, input }: { ctx: Ctx; input: VersionIdInput }): Promise<ScriptVersion & { scriptName: string; publishedByName: string | null }> {
  assertRole(ctx.actor, 'admin', 'staff', 'agent');
  if (!isId(input.versionId)) throw new NotFoundError();
  const [row] = await ctx.db
    .select({ version: scriptVersions, scriptName: callbackScripts.name, publishedByName: users.displayName })
    .from(scriptVersions)
    .innerJoin(callbackScripts, eq(callbackScripts.id, scriptVersions.scriptId))
    .leftJoin(users, eq(users.id, scriptVersions.publishedBy))
    .where(eq(scriptVersions.id, input.versionId));
  // Agents never see drafts: only what was published is used on calls.
  if (!row || (ctx.actor.role === 'agent' && row.version.status === 'draft')) throw new NotFoundError();
  return { ...toVersion(row.version), scriptName: row.scriptName, publishedByName: row.publishedByName };
}

export interface AssignmentView {
  slot: AssignmentSlot;
  scriptId: string | null;
  scriptName: string | null;
  /** The version callbacks of this slot get now (the default's when the class has none). */
  effectiveVersionId: string | null;
}

/** Every slot — the classes, the default, spot checks — with the script it names and the version in use. */
export async function listAssignments({ ctx }: { ctx: Ctx }): Promise<AssignmentView[]> {
  assertRole(ctx.actor, 'admin', 'staff');
  const rows = await ctx.db
    .select({ kind: scriptAssignments.kind, customerClass: scriptAssignments.customerClass, scriptId: scriptAssignments.scriptId, scriptName: callbackScripts.name })
    .from(scriptAssignments)
    .innerJoin(callbackScripts, eq(callbackScripts.id, scriptAssignments.scriptId));
  const views: AssignmentView[] = [];
  for (const slot of ASSIGNMENT_SLOTS) {
    const row = rows.find((r) => slotOf(r) === slot);
    const effective =
      slot === 'default' ? await scriptForDefault(ctx.db) : slot === 'spotCheck' ? await publishedVersionOfAssigned(ctx.db, null, 'spot_check') : await scriptForClass(ctx.db, slot);
    views.push({ slot, scriptId: row?.scriptId ?? null, scriptName: row?.scriptName ?? null, effectiveVersionId: effective?.id ?? null });
  }
  return views;
}

/**
 * Assigns a script to a slot: a customer class, the default, or spot checks. Only a script with a
 * published version can be assigned; the default and spot checks' cannot be left without one.
 */
export async function assignScript({ ctx, input: raw }: { ctx: Ctx; input: AssignScriptInput }) {
  assertRole(ctx.actor, 'admin', 'staff');
  const input = parseInput(assignScriptInput, raw);
  const { kind, customerClass } = slotTarget(input.slot);
  const where = and(eq(scriptAssignments.kind, kind), customerClass === null ? isNull(scriptAssignments.customerClass) : eq(scriptAssignments.customerClass, customerClass));
  return ctx.db.transaction(async (tx) => {
    const now = ctx.now();
    const [before] = await tx.select().from(scriptAssignments).where(where).for('update');
    if (input.scriptId === '') {
      if (REQUIRED_SLOTS.includes(input.slot)) throw ValidationError.field('scriptId', input.slot === 'spotCheck' ? 'scripts.spotCheckRequired' : 'scripts.defaultRequired');
      if (before) {
        await tx.delete(scriptAssignments).where(eq(scriptAssignments.id, before.id));
        await recordAudit(tx, { actorId: ctx.actor.id, action: 'script.unassigned', entityType: 'script_assignment', entityId: input.slot, before, after: null });
      }
      return null;
    }
    const script = await lockScript(tx, input.scriptId).catch(() => {
      throw ValidationError.field('scriptId', 'scripts.unknownScript');
    });
    if (script.archived) throw ValidationError.field('scriptId', 'scripts.retired', { name: script.name });
    const [published] = await tx
      .select({ id: scriptVersions.id })
      .from(scriptVersions)
      .where(and(eq(scriptVersions.scriptId, script.id), eq(scriptVersions.status, 'published')));
    if (!published) throw ValidationError.field('scriptId', 'scripts.notPublished', { name: script.name });
    if (before?.scriptId === script.id) return before;
    const [row] = await tx
      .insert(scriptAssignments)
      .values({ kind, customerClass, scriptId: script.id, updatedBy: ctx.actor.id, updatedAt: now })
      .onConflictDoUpdate({ target: [scriptAssignments.kind, scriptAssignments.customerClass], set: { scriptId: script.id, updatedBy: ctx.actor.id, updatedAt: now } })
      .returning();
    await recordAudit(tx, { actorId: ctx.actor.id, action: 'script.assigned', entityType: 'script_assignment', entityId: input.slot, before: before ?? null, after: row });
    return row;
  });
}

/** A campaign kind (lib/campaigns/kinds.ts), as the assignments store it. */
export type ScriptKind = (typeof scriptAssignments.$inferSelect)['kind'];

async function publishedVersionOfAssigned(db: DbOrTx, customerClass: CustomerClass | null, kind: ScriptKind = 'verification'): Promise<ScriptVersion | null> {
  const [row] = await db
    .select({ version: scriptVersions })
    .from(scriptAssignments)
    .innerJoin(callbackScripts, and(eq(callbackScripts.id, scriptAssignments.scriptId), eq(callbackScripts.archived, false)))
    .innerJoin(scriptVersions, and(eq(scriptVersions.scriptId, scriptAssignments.scriptId), eq(scriptVersions.status, 'published')))
    .where(and(eq(scriptAssignments.kind, kind), customerClass === null ? isNull(scriptAssignments.customerClass) : eq(scriptAssignments.customerClass, customerClass)))
    .orderBy(desc(scriptVersions.version))
    .limit(1);
  return row ? toVersion(row.version) : null;
}

async function scriptForDefault(db: DbOrTx): Promise<ScriptVersion | null> {
  return publishedVersionOfAssigned(db, null);
}

/**
 * The script version a callback for a customer of this class uses: the latest published version
 * of the script assigned to the class, else of the default script; null when neither exists.
 */
export async function scriptForClass(db: DbOrTx, customerClass: CustomerClass): Promise<ScriptVersion | null> {
  return (await publishedVersionOfAssigned(db, customerClass)) ?? (await scriptForDefault(db));
}

/**
 * The script version a callback is worked with when it has none yet: a verification's by its
 * customer's class (scriptForClass); a spot check's the one assigned to spot checks, whatever
 * the class — it asks about a planned day, not a report, so a verification script does not fit.
 */
export async function scriptForTask(db: DbOrTx, task: { kind: ScriptKind; customerClass: CustomerClass }): Promise<ScriptVersion | null> {
  if (task.kind === 'verification') return scriptForClass(db, task.customerClass);
  return publishedVersionOfAssigned(db, null, task.kind);
}

/**
 * Makes sure the shipped scripts exist: the standard Chinese script and its blind variant, and the
 * spot-check script (电话抽查), each published; the standard one assigned as verification's default
 * and the spot-check one to spot checks, each only while that slot is empty. Idempotent (run after
 * every migration and before the demo seed); scripts or assignments staff already changed, renamed
 * away or retired are left alone.
 */
export async function ensureDefaultScript(
  db: DbOrTx,
  options: { now?: Date } = {},
): Promise<{ created: string[]; assignedDefault: boolean; assignedSpotCheck: boolean }> {
  const actor = await systemActor(db);
  const now = options.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('huifang.ensureDefaultScript'))`);
    const created: string[] = [];
    const shipped = [
      { name: DEFAULT_SCRIPT_NAME, blind: false, definition: DEFAULT_SCRIPT, description: '按《集团客户日常拜访考核办法》核实拜访：确认身份、拜访事实、拜访方式、沟通事项、满意度。' },
      { name: DEFAULT_BLIND_SCRIPT_NAME, blind: true, definition: DEFAULT_BLIND_SCRIPT, description: '盲访：坐席看不到客户经理填报的日期、方式和目的，由客户自己讲述，系统与报告比对。' },
      {
        name: DEFAULT_SPOT_CHECK_SCRIPT_NAME,
        blind: false,
        definition: DEFAULT_SPOT_CHECK_SCRIPT,
        description: '电话抽查：按客户经理当天的拜访计划致电客户，核实计划日是否拜访（上门或电话联系均可），客户明确否认即为未拜访。',
      },
    ];
    const ids = new Map<string, string>();
    for (const s of shipped) {
      const [existing] = await tx.select().from(callbackScripts).where(eq(callbackScripts.name, s.name)).orderBy(asc(callbackScripts.createdAt)).limit(1);
      if (existing) {
        ids.set(s.name, existing.id);
        continue;
      }
      const { script } = await insertScript(tx, actor, now, s);
      await publishDraftOf(tx, actor, now, script);
      ids.set(s.name, script.id);
      created.push(s.name);
    }
    /** Fills an empty slot with a shipped script, if that script is still usable (published, not retired). */
    const fillIfEmpty = async (slot: AssignmentSlot, scriptId: string): Promise<boolean> => {
      const { kind, customerClass } = slotTarget(slot);
      const [current] = await tx
        .select({ id: scriptAssignments.id })
        .from(scriptAssignments)
        .where(and(eq(scriptAssignments.kind, kind), customerClass === null ? isNull(scriptAssignments.customerClass) : eq(scriptAssignments.customerClass, customerClass)));
      if (current) return false;
      const [usable] = await tx
        .select({ id: scriptVersions.id })
        .from(scriptVersions)
        .innerJoin(callbackScripts, eq(callbackScripts.id, scriptVersions.scriptId))
        .where(and(eq(scriptVersions.scriptId, scriptId), eq(scriptVersions.status, 'published'), eq(callbackScripts.archived, false)));
      if (!usable) return false;
      const [row] = await tx.insert(scriptAssignments).values({ kind, customerClass, scriptId, updatedBy: actor.id, updatedAt: now }).returning();
      await recordAudit(tx, { actorId: actor.id, action: 'script.assigned', entityType: 'script_assignment', entityId: slot, after: row });
      return true;
    };
    const assignedDefault = await fillIfEmpty('default', ids.get(DEFAULT_SCRIPT_NAME)!);
    const assignedSpotCheck = await fillIfEmpty('spotCheck', ids.get(DEFAULT_SPOT_CHECK_SCRIPT_NAME)!);
    return { created, assignedDefault, assignedSpotCheck };
  });
}

/** What the editor's preview needs: today (APP_TIMEZONE) and the valid threshold in force. */
export async function scriptPreviewSettings({ ctx }: { ctx: Ctx }): Promise<{ today: string; threshold: number }> {
  assertRole(ctx.actor, 'admin', 'staff', 'agent');
  const today = dayOf(ctx.now(), env().APP_TIMEZONE);
  const { value } = await policyInForce(ctx.db, 'scoring', today);
  return { today, threshold: value.validThreshold };
}
