import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackScripts, scriptAssignments, scriptVersions } from '@/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '@/lib/platform/core/errors';
import { savePolicyVersion } from '@/lib/policy/policies';
import { DEFAULT_BLIND_SCRIPT_NAME, DEFAULT_SCRIPT, DEFAULT_SCRIPT_NAME, DEFAULT_SPOT_CHECK_SCRIPT_NAME } from '@/lib/scripts/default-scripts';
import { readDefinition, type ScriptDefinition } from '@/lib/scripts/definition';
import type { SaveDraftInput } from '@/lib/scripts/schemas';
import {
  assignScript,
  createScript,
  ensureDefaultScript,
  getScript,
  getScriptVersion,
  listAssignments,
  listScripts,
  openDraft,
  publishScript,
  retireScript,
  saveScriptDraft,
  scriptForClass,
} from '@/lib/scripts/scripts';
import { scoreSubmission } from '@/lib/scripts/submission';
import { validateDefinition } from '@/lib/scripts/validate';
import { ctxAs, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

const NOW = new Date('2026-11-20T02:00:00Z');
let db: Db;

beforeEach(async () => {
  db = (await testDb()).db;
});

async function world() {
  const staff = await makeUser(db, 'staff');
  const admin = await makeUser(db, 'admin');
  const agent = await makeUser(db, 'agent');
  const manager = await makeUser(db, 'manager');
  return { staff, admin, agent, manager, as: (u: typeof staff) => ctxAs(db, u, NOW) };
}

function draftOf(scriptId: string, def: ScriptDefinition, extra: Partial<SaveDraftInput> = {}): SaveDraftInput {
  return { scriptId, name: '测试脚本', description: '', blind: false, opening: def.opening, closing: def.closing, questions: def.questions, ...extra };
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

async function publishedScript(w: Awaited<ReturnType<typeof world>>, name: string) {
  const { script } = await createScript({ ctx: w.as(w.staff), input: { name } });
  const version = await publishScript({ ctx: w.as(w.staff), input: { scriptId: script.id } });
  return { script, version };
}

describe('callback scripts', () => {
  it('publishing freezes the version: editing makes version 2, version 1 is unchanged', async () => {
    const w = await world();
    const { script, version: draft } = await createScript({ ctx: w.as(w.staff), input: { name: '标准', description: '说明' } });
    expect(draft).toMatchObject({ version: 1, status: 'draft', blind: false });

    const v1 = await publishScript({ ctx: w.as(w.staff), input: { scriptId: script.id } });
    expect(v1).toMatchObject({ id: draft.id, version: 1, status: 'published', maxScore: 100, publishedBy: w.staff.id });
    expect(v1.publishedAt).toEqual(NOW);
    const frozen = (await db.select().from(scriptVersions).where(eq(scriptVersions.id, v1.id)))[0];

    // Editing a published script: a new draft, a copy of the latest version.
    const opened = await openDraft({ ctx: w.as(w.staff), input: { scriptId: script.id } });
    expect(opened).toMatchObject({ version: 2, status: 'draft' });
    expect(opened.definition).toEqual(v1.definition);
    // Opening again gives the same draft (one draft per script).
    expect((await openDraft({ ctx: w.as(w.staff), input: { scriptId: script.id } })).id).toBe(opened.id);

    const changed = structuredClone(opened.definition);
    changed.questions[1].text = '{manager}经理最近是否拜访过您？';
    const saved = await saveScriptDraft({ ctx: w.as(w.staff), input: draftOf(script.id, changed, { name: '标准（修订）' }) });
    expect(saved).toMatchObject({ id: opened.id, version: 2, status: 'draft' });

    const [after] = await db.select().from(scriptVersions).where(eq(scriptVersions.id, v1.id));
    expect(after.definition).toEqual(frozen.definition);
    expect(after.status).toBe('published');

    const v2 = await publishScript({ ctx: w.as(w.staff), input: { scriptId: script.id } });
    expect(v2).toMatchObject({ version: 2, status: 'published' });
    expect(v2.definition.questions[1].text).toBe('{manager}经理最近是否拜访过您？');
    // The version before is superseded — kept, frozen, for the callbacks scored with it.
    const [old] = await db.select().from(scriptVersions).where(eq(scriptVersions.id, v1.id));
    expect(old.status).toBe('retired');
    expect(old.definition).toEqual(frozen.definition);

    // Saving with no draft makes a new version too; a published version is never touched.
    const v3 = await saveScriptDraft({ ctx: w.as(w.staff), input: draftOf(script.id, v2.definition, { name: '标准（修订）' }) });
    expect(v3).toMatchObject({ version: 3, status: 'draft' });
    expect((await db.select().from(scriptVersions).where(eq(scriptVersions.id, v2.id)))[0].status).toBe('published');

    const [row] = await db.select().from(callbackScripts).where(eq(callbackScripts.id, script.id));
    expect(row.name).toBe('标准（修订）');
    const actions = (await db.select().from(auditLog).where(eq(auditLog.entityId, script.id))).map((a) => a.action).sort();
    expect(actions).toEqual(['script.created', 'script.draftOpened', 'script.draftSaved', 'script.draftSaved', 'script.published', 'script.published'].sort());

    const listed = await listScripts({ ctx: w.as(w.admin) });
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ name: '标准（修订）', published: { version: 2 }, draft: { version: 3 } });
    expect(listed[0].versions.map((v) => [v.version, v.status])).toEqual([
      [3, 'draft'],
      [2, 'published'],
      [1, 'retired'],
    ]);
    expect(listed[0].versions[1]).toMatchObject({ questionCount: 6, publishedByName: w.staff.displayName });

    const detail = await getScript({ ctx: w.as(w.staff), input: { scriptId: script.id } });
    expect(detail.draftVersion).toMatchObject({ id: v3.id, version: 3 });
  });

  it('publishing an invalid draft is refused with the issues and writes nothing', async () => {
    const w = await world();
    const { script, version } = await createScript({ ctx: w.as(w.staff), input: { name: '有问题的脚本' } });
    const broken = structuredClone(DEFAULT_SCRIPT);
    broken.questions[4].options[4].points = 30; // maximum 110
    broken.questions[1].options[0].jump = 'purpose'; // visit_type unreachable
    await saveScriptDraft({ ctx: w.as(w.staff), input: draftOf(script.id, broken) });
    const auditBefore = (await db.select().from(auditLog)).length;

    const error = await refusal(publishScript({ ctx: w.as(w.staff), input: { scriptId: script.id } }));
    expect(error.code).toBe('scripts.invalidDefinition');
    expect(error.issues).toEqual([
      { field: 'questions.visit_type', code: 'scripts.unreachable', params: { question: 'visit_type', n: 3 } },
      { field: 'definition', code: 'scripts.maxScore', params: { max: 90, expected: 100 } },
    ]);

    const [row] = await db.select().from(scriptVersions).where(eq(scriptVersions.id, version.id));
    expect(row).toMatchObject({ status: 'draft', maxScore: null, publishedAt: null, publishedBy: null });
    expect((await db.select().from(auditLog)).length).toBe(auditBefore);
  });

  it('a blind draft that shows the report is refused', async () => {
    const w = await world();
    const { script } = await createScript({ ctx: w.as(w.staff), input: { name: '盲访' } });
    await saveScriptDraft({ ctx: w.as(w.staff), input: draftOf(script.id, DEFAULT_SCRIPT, { blind: true }) });
    const error = await refusal(publishScript({ ctx: w.as(w.staff), input: { scriptId: script.id } }));
    expect(error.issues.map((i) => `${i.field}:${i.code}`)).toContain('questions.visited:scripts.blindRevealsReport');
  });

  it('only staff and admin manage scripts; agents read published versions only', async () => {
    const w = await world();
    await expect(createScript({ ctx: w.as(w.manager), input: { name: 'x' } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listScripts({ ctx: w.as(w.agent) })).rejects.toBeInstanceOf(ForbiddenError);
    const { script, version } = await createScript({ ctx: w.as(w.staff), input: { name: 'x' } });
    await expect(getScriptVersion({ ctx: w.as(w.agent), input: { versionId: version.id } })).rejects.toBeInstanceOf(NotFoundError);
    await publishScript({ ctx: w.as(w.staff), input: { scriptId: script.id } });
    expect(await getScriptVersion({ ctx: w.as(w.agent), input: { versionId: version.id } })).toMatchObject({ scriptName: 'x', status: 'published' });
    await expect(getScriptVersion({ ctx: w.as(w.manager), input: { versionId: version.id } })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('assigns scripts per customer class and a default', async () => {
    const w = await world();
    const standard = await publishedScript(w, '标准');
    const special = await publishedScript(w, 'A 类专用');
    const { script: unpublished } = await createScript({ ctx: w.as(w.staff), input: { name: '未发布' } });

    expect(await scriptForClass(db, 'A')).toBeNull();
    await assignScript({ ctx: w.as(w.staff), input: { slot: 'default', scriptId: standard.script.id } });
    await assignScript({ ctx: w.as(w.staff), input: { slot: 'A', scriptId: special.script.id } });

    expect((await scriptForClass(db, 'A'))?.id).toBe(special.version.id);
    expect((await scriptForClass(db, 'B'))?.id).toBe(standard.version.id);
    expect((await scriptForClass(db, 'D'))?.id).toBe(standard.version.id);

    // A new published version of the assigned script is used from then on.
    await openDraft({ ctx: w.as(w.staff), input: { scriptId: special.script.id } });
    expect((await scriptForClass(db, 'A'))?.id).toBe(special.version.id);
    const v2 = await publishScript({ ctx: w.as(w.staff), input: { scriptId: special.script.id } });
    expect((await scriptForClass(db, 'A'))?.id).toBe(v2.id);

    // Reassigning the default replaces the row; removing a class's own falls back to the default.
    await assignScript({ ctx: w.as(w.staff), input: { slot: 'default', scriptId: special.script.id } });
    await assignScript({ ctx: w.as(w.staff), input: { slot: 'A', scriptId: standard.script.id } });
    expect((await scriptForClass(db, 'B'))?.id).toBe(v2.id);
    expect((await scriptForClass(db, 'A'))?.id).toBe(standard.version.id);
    await assignScript({ ctx: w.as(w.staff), input: { slot: 'A', scriptId: '' } });
    expect((await scriptForClass(db, 'A'))?.id).toBe(v2.id);
    expect(await db.select().from(scriptAssignments)).toHaveLength(1);

    const views = await listAssignments({ ctx: w.as(w.staff) });
    expect(views.map((v) => [v.slot, v.scriptName, v.effectiveVersionId])).toEqual([
      ['A', null, v2.id],
      ['B', null, v2.id],
      ['C', null, v2.id],
      ['D', null, v2.id],
      ['default', 'A 类专用', v2.id],
      // Spot checks have a slot of their own, empty here: they never fall back to verification's default.
      ['spotCheck', null, null],
    ]);

    // Refusals: no published version; removing the default; retiring an assigned script.
    expect((await refusal(assignScript({ ctx: w.as(w.staff), input: { slot: 'B', scriptId: unpublished.id } }))).issues[0]).toMatchObject({ field: 'scriptId', code: 'scripts.notPublished' });
    expect((await refusal(assignScript({ ctx: w.as(w.staff), input: { slot: 'default', scriptId: '' } }))).issues[0].code).toBe('scripts.defaultRequired');
    await expect(retireScript({ ctx: w.as(w.staff), input: { scriptId: special.script.id } })).rejects.toBeInstanceOf(ConflictError);
    await expect(assignScript({ ctx: w.as(w.manager), input: { slot: 'B', scriptId: standard.script.id } })).rejects.toBeInstanceOf(ForbiddenError);

    // A retired script can no longer be edited, published or assigned; its versions stay.
    await retireScript({ ctx: w.as(w.staff), input: { scriptId: standard.script.id } });
    const [retiredVersion] = await db.select().from(scriptVersions).where(eq(scriptVersions.id, standard.version.id));
    expect(retiredVersion.status).toBe('retired');
    await expect(openDraft({ ctx: w.as(w.staff), input: { scriptId: standard.script.id } })).rejects.toMatchObject({ code: 'scripts.retired' });
    expect((await refusal(assignScript({ ctx: w.as(w.staff), input: { slot: 'C', scriptId: standard.script.id } }))).issues[0].code).toBe('scripts.retired');

    const audits = await db.select().from(auditLog).where(eq(auditLog.entityType, 'script_assignment'));
    expect(audits.map((a) => a.action).sort()).toEqual(['script.assigned', 'script.assigned', 'script.assigned', 'script.assigned', 'script.unassigned']);
  });

  it('ensureDefaultScript is idempotent; its published versions validate with a maximum of 100', async () => {
    const first = await ensureDefaultScript(db, { now: NOW });
    expect(first).toEqual({ created: [DEFAULT_SCRIPT_NAME, DEFAULT_BLIND_SCRIPT_NAME, DEFAULT_SPOT_CHECK_SCRIPT_NAME], assignedDefault: true, assignedSpotCheck: true });
    const second = await ensureDefaultScript(db);
    expect(second).toEqual({ created: [], assignedDefault: false, assignedSpotCheck: false });
    await Promise.all([ensureDefaultScript(db), ensureDefaultScript(db)]);

    // Three shipped scripts: standard, blind, and (issue 15) the spot-check script.
    expect(await db.select().from(callbackScripts)).toHaveLength(3);
    const versions = await db.select().from(scriptVersions);
    expect(versions).toHaveLength(3);
    for (const v of versions) {
      expect(v).toMatchObject({ status: 'published', maxScore: 100, version: 1 });
      expect(validateDefinition(readDefinition(v.definition), { blind: v.blind })).toMatchObject({ ok: true, maxScore: 100 });
    }
    expect(versions.filter((v) => v.blind)).toHaveLength(1);

    const standard = await scriptForClass(db, 'C');
    expect(standard).toMatchObject({ blind: false, status: 'published' });
    const [script] = await db.select().from(callbackScripts).where(eq(callbackScripts.id, standard!.scriptId));
    expect(script.name).toBe(DEFAULT_SCRIPT_NAME);
    expect(standard!.definition.questions.map((q) => q.id)).toEqual(['identity', 'visited', 'visit_type', 'purpose', 'satisfaction', 'remarks']);
    // The verification default and the spot checks' slot.
    expect((await db.select().from(scriptAssignments)).map((a) => [a.kind, a.customerClass]).sort()).toEqual([
      ['spot_check', null],
      ['verification', null],
    ]);
  });

  describe('scoreSubmission', () => {
    const context = { customer: '示例公司', contact: '王主任', manager: '陈志强', visitDate: '2026-11-03', visitType: 'on_site' as const, purpose: '续约' };

    it('scores answers on the server from the published version', async () => {
      await ensureDefaultScript(db, { now: NOW });
      const version = (await scriptForClass(db, 'A'))!;
      const full = { identity: 'yes', visited: 'yes', visit_type: 'on_site', purpose: 'match', satisfaction: '5', remarks: '' };
      expect(await scoreSubmission(db, { versionId: version.id, answers: full, visitContext: context, day: '2026-11-20' })).toMatchObject({
        score: 100,
        maxScore: 100,
        result: 'valid',
        outcome: 'completed',
        knockedOut: null,
        threshold: 60,
        versionId: version.id,
        answers: { identity: 'yes', visited: 'yes', visit_type: 'on_site', purpose: 'match', satisfaction: '5' },
      });
      // 10 + 30 + 0 (phone ≠ on site) + 10 + 10 = 60: valid, exactly.
      const sixty = { identity: 'yes', visited: 'yes', visit_type: 'phone', purpose: 'partly', satisfaction: '3' };
      expect(await scoreSubmission(db, { versionId: version.id, answers: sixty, visitContext: context, day: '2026-11-20' })).toMatchObject({ score: 60, result: 'valid' });
      expect(await scoreSubmission(db, { versionId: version.id, answers: { ...sixty, satisfaction: '2' }, visitContext: context, threshold: 60 })).toMatchObject({
        score: 55,
        result: 'invalid',
      });
      const denied = await scoreSubmission(db, { versionId: version.id, answers: { identity: 'yes', visited: 'no', remarks: '没有拜访' }, visitContext: context });
      expect(denied).toMatchObject({ score: 10, result: 'invalid', knockedOut: 'visited', outcome: 'completed' });
      const wrongPerson = await scoreSubmission(db, { versionId: version.id, answers: { identity: 'no' }, visitContext: context });
      expect(wrongPerson).toMatchObject({ outcome: 'wrong_person' });
    });

    it('uses the scoring policy in force for the threshold', async () => {
      const w = await world();
      await ensureDefaultScript(db, { now: NOW });
      const version = (await scriptForClass(db, 'A'))!;
      await savePolicyVersion({ ctx: w.as(w.staff), input: { key: 'scoring', effectiveFrom: '2026-11-15', value: { validThreshold: 70 } } });
      const sixty = { identity: 'yes', visited: 'yes', visit_type: 'phone', purpose: 'partly', satisfaction: '3' };
      expect(await scoreSubmission(db, { versionId: version.id, answers: sixty, visitContext: context, day: '2026-11-14' })).toMatchObject({ threshold: 60, result: 'valid' });
      expect(await scoreSubmission(db, { versionId: version.id, answers: sixty, visitContext: context, day: '2026-11-15' })).toMatchObject({ threshold: 70, result: 'invalid' });
    });

    it('refuses answers that do not fit the version, naming the question', async () => {
      await ensureDefaultScript(db, { now: NOW });
      const version = (await scriptForClass(db, 'A'))!;
      const error = await refusal(
        scoreSubmission(db, {
          versionId: version.id,
          answers: { identity: 'yes', visited: 'yes', visit_type: 'email', satisfaction: '7', bogus: 'x' },
          visitContext: context,
        }),
      );
      expect(error.code).toBe('scripts.answersRefused');
      expect(error.issues.map((i) => `${i.field}:${i.code}`)).toEqual([
        'answers.visit_type:scripts.unknownOption',
        'answers.satisfaction:scripts.answerOutOfRange',
        'answers.bogus:scripts.unknownQuestion',
        'answers.purpose:scripts.missingAnswer',
      ]);
      expect(error.issues[0].params).toMatchObject({ question: 'visit_type', n: 3, option: 'email' });
      const offPath = await refusal(scoreSubmission(db, { versionId: version.id, answers: { identity: 'no', visited: 'yes' }, visitContext: context }));
      expect(offPath.issues).toEqual([{ field: 'answers.visited', code: 'scripts.notOnPath', params: { question: 'visited', n: 2 } }]);
    });

    it('keeps scoring with an older version after a newer one is published; never with a draft', async () => {
      const w = await world();
      const { script, version: v1 } = await publishedScript(w, '旧版');
      const draft = await openDraft({ ctx: w.as(w.staff), input: { scriptId: script.id } });
      await expect(scoreSubmission(db, { versionId: draft.id, answers: {}, visitContext: context })).rejects.toMatchObject({ code: 'scripts.versionNotPublished' });
      await publishScript({ ctx: w.as(w.staff), input: { scriptId: script.id } });
      const scored = await scoreSubmission(db, { versionId: v1.id, answers: { identity: 'no' }, visitContext: context });
      expect(scored.versionId).toBe(v1.id);
      await expect(scoreSubmission(db, { versionId: '00000000-0000-4000-8000-000000000000', answers: {}, visitContext: context })).rejects.toBeInstanceOf(NotFoundError);
      const [row] = await db.select().from(scriptVersions).where(and(eq(scriptVersions.scriptId, script.id), eq(scriptVersions.version, 1)));
      expect(row.status).toBe('retired');
    });
  });
});
