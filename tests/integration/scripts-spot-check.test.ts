import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, callbackScripts, scriptAssignments } from '@/db/schema';
import { ConflictError, ForbiddenError, ValidationError } from '@/lib/platform/core/errors';
import { DEFAULT_SCRIPT_NAME, DEFAULT_SPOT_CHECK_SCRIPT, DEFAULT_SPOT_CHECK_SCRIPT_NAME } from '@/lib/scripts/default-scripts';
import { CUSTOMER_CLASSES } from '@/lib/scripts/schemas';
import { assignScript, createScript, ensureDefaultScript, listAssignments, listScripts, publishScript, retireScript, scriptForClass, scriptForTask } from '@/lib/scripts/scripts';
import { scoreSubmission } from '@/lib/scripts/submission';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * 电话抽查's script (issue 15): shipped, published and given to spot checks once; spot checks get
 * it whatever the customer's class while verification keeps its own; staff assign it in a slot of
 * its own that cannot be left empty.
 */

const NOW = new Date('2026-11-20T02:00:00Z');
let db: Db;

beforeEach(async () => {
  db = (await testDb()).db;
});

async function world() {
  const unit = await makeUnit(db);
  const staff = await makeUser(db, 'staff');
  const admin = await makeUser(db, 'admin');
  const agent = await makeUser(db, 'agent');
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
  return { staff, admin, agent, manager, supervisor, as: (u: typeof staff) => ctxAs(db, u, NOW) };
}

async function publishedScript(w: Awaited<ReturnType<typeof world>>, name: string, template: 'standard' | 'spotCheck' = 'standard') {
  const { script } = await createScript({ ctx: w.as(w.staff), input: { name, template } });
  const version = await publishScript({ ctx: w.as(w.staff), input: { scriptId: script.id } });
  return { script, version };
}

async function scriptNamed(name: string) {
  const [row] = await db.select().from(callbackScripts).where(eq(callbackScripts.name, name));
  return row;
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('the spot-check script', () => {
  it('ensureDefaultScript publishes the spot-check script and gives it to spot checks, once', async () => {
    const first = await ensureDefaultScript(db, { now: NOW });
    expect(first.created).toContain(DEFAULT_SPOT_CHECK_SCRIPT_NAME);
    expect(first.assignedSpotCheck).toBe(true);

    const spotCheck = await scriptForTask(db, { kind: 'spot_check', customerClass: 'A' });
    expect(spotCheck).toMatchObject({ status: 'published', version: 1, blind: false, maxScore: 100 });
    // As shipped (stored without blank fields, as every version is).
    expect(spotCheck!.definition.questions.map((q) => q.id)).toEqual(['identity', 'visited', 'visit_type', 'topics', 'satisfaction', 'remarks']);
    expect(spotCheck!.definition.questions[1]).toEqual(DEFAULT_SPOT_CHECK_SCRIPT.questions[1]);
    expect((await scriptNamed(DEFAULT_SPOT_CHECK_SCRIPT_NAME)).id).toBe(spotCheck!.scriptId);

    expect(await ensureDefaultScript(db)).toEqual({ created: [], assignedDefault: false, assignedSpotCheck: false });
    expect(await db.select().from(scriptAssignments).where(eq(scriptAssignments.kind, 'spot_check'))).toHaveLength(1);
    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, 'spotCheck'));
    expect(audits.map((a) => a.action)).toEqual(['script.assigned']);
  });

  it('leaves a spot-check assignment staff changed alone, and a slot staff filled before the first run', async () => {
    const w = await world();
    // Staff gave spot checks a script of their own before the shipped one existed.
    const own = await publishedScript(w, '本部抽查话术', 'spotCheck');
    await assignScript({ ctx: w.as(w.staff), input: { slot: 'spotCheck', scriptId: own.script.id } });
    const first = await ensureDefaultScript(db, { now: NOW });
    expect(first).toMatchObject({ assignedDefault: true, assignedSpotCheck: false });
    expect(first.created).toContain(DEFAULT_SPOT_CHECK_SCRIPT_NAME);
    expect((await scriptForTask(db, { kind: 'spot_check', customerClass: 'B' }))?.id).toBe(own.version.id);

    // Staff switch to the shipped script, then back to theirs: a later run changes nothing.
    const shipped = await scriptNamed(DEFAULT_SPOT_CHECK_SCRIPT_NAME);
    await assignScript({ ctx: w.as(w.staff), input: { slot: 'spotCheck', scriptId: shipped.id } });
    await assignScript({ ctx: w.as(w.admin), input: { slot: 'spotCheck', scriptId: own.script.id } });
    expect(await ensureDefaultScript(db)).toEqual({ created: [], assignedDefault: false, assignedSpotCheck: false });
    expect((await scriptForTask(db, { kind: 'spot_check', customerClass: 'B' }))?.id).toBe(own.version.id);
    const [row] = await db.select().from(scriptAssignments).where(eq(scriptAssignments.kind, 'spot_check'));
    expect(row).toMatchObject({ scriptId: own.script.id, updatedBy: w.admin.id, customerClass: null });
  });

  it('a spot check gets the spot-check script whatever the class; a verification is unchanged', async () => {
    const w = await world();
    await ensureDefaultScript(db, { now: NOW });
    const special = await publishedScript(w, 'A 类专用');
    await assignScript({ ctx: w.as(w.staff), input: { slot: 'A', scriptId: special.script.id } });
    const spotCheck = (await scriptForTask(db, { kind: 'spot_check', customerClass: 'A' }))!;
    const standard = (await scriptForClass(db, 'B'))!;
    expect((await scriptNamed(DEFAULT_SCRIPT_NAME)).id).toBe(standard.scriptId);

    for (const customerClass of CUSTOMER_CLASSES) {
      expect((await scriptForTask(db, { kind: 'spot_check', customerClass }))?.id).toBe(spotCheck.id);
      // Verification: the class's own script (A), else the default — as scriptForClass says.
      const verification = await scriptForTask(db, { kind: 'verification', customerClass });
      expect(verification?.id).toBe(customerClass === 'A' ? special.version.id : standard.id);
      expect(verification?.id).toBe((await scriptForClass(db, customerClass))?.id);
    }
    expect(spotCheck.id).not.toBe(standard.id);
  });

  it('without a spot-check script, a spot check gets none — never verification’s default', async () => {
    const w = await world();
    const standard = await publishedScript(w, '标准');
    await assignScript({ ctx: w.as(w.staff), input: { slot: 'default', scriptId: standard.script.id } });
    expect(await scriptForTask(db, { kind: 'spot_check', customerClass: 'C' })).toBeNull();
    expect((await scriptForTask(db, { kind: 'verification', customerClass: 'C' }))?.id).toBe(standard.version.id);
  });

  it('staff and admin assign the spot-check slot; it cannot be left empty; other roles are refused', async () => {
    const w = await world();
    await ensureDefaultScript(db, { now: NOW });
    const shipped = await scriptNamed(DEFAULT_SPOT_CHECK_SCRIPT_NAME);
    const other = await publishedScript(w, '抽查话术二', 'spotCheck');
    const defaultBefore = (await scriptForClass(db, 'C'))!.id;

    for (const who of [w.manager, w.agent, w.supervisor]) {
      await expect(assignScript({ ctx: w.as(who), input: { slot: 'spotCheck', scriptId: other.script.id } })).rejects.toBeInstanceOf(ForbiddenError);
      await expect(listAssignments({ ctx: w.as(who) })).rejects.toBeInstanceOf(ForbiddenError);
    }
    expect((await scriptForTask(db, { kind: 'spot_check', customerClass: 'C' }))?.scriptId).toBe(shipped.id);

    await assignScript({ ctx: w.as(w.staff), input: { slot: 'spotCheck', scriptId: other.script.id } });
    expect((await scriptForTask(db, { kind: 'spot_check', customerClass: 'C' }))?.id).toBe(other.version.id);
    // Verification's default is untouched by the spot checks' slot.
    expect((await scriptForClass(db, 'C'))?.id).toBe(defaultBefore);

    const views = await listAssignments({ ctx: w.as(w.admin) });
    expect(views.map((v) => v.slot)).toEqual(['A', 'B', 'C', 'D', 'default', 'spotCheck']);
    expect(views.find((v) => v.slot === 'spotCheck')).toEqual({ slot: 'spotCheck', scriptId: other.script.id, scriptName: '抽查话术二', effectiveVersionId: other.version.id });
    expect(views.find((v) => v.slot === 'default')).toMatchObject({ scriptName: DEFAULT_SCRIPT_NAME, effectiveVersionId: defaultBefore });
    const listed = await listScripts({ ctx: w.as(w.staff) });
    expect(listed.find((s) => s.id === other.script.id)?.assignedTo).toEqual(['spotCheck']);
    expect(listed.find((s) => s.id === shipped.id)?.assignedTo).toEqual([]);
    expect(listed.find((s) => s.name === DEFAULT_SCRIPT_NAME)?.assignedTo).toEqual(['default']);

    // Spot checks cannot be left without a script; an unpublished script cannot be assigned.
    expect((await refusal(assignScript({ ctx: w.as(w.staff), input: { slot: 'spotCheck', scriptId: '' } }))).issues[0]).toMatchObject({
      field: 'scriptId',
      code: 'scripts.spotCheckRequired',
    });
    const { script: unpublished } = await createScript({ ctx: w.as(w.staff), input: { name: '未发布的抽查', template: 'spotCheck' } });
    expect((await refusal(assignScript({ ctx: w.as(w.staff), input: { slot: 'spotCheck', scriptId: unpublished.id } }))).issues[0].code).toBe('scripts.notPublished');
    expect((await scriptForTask(db, { kind: 'spot_check', customerClass: 'C' }))?.id).toBe(other.version.id);

    // The script spot checks use cannot be retired; the one they no longer use can.
    await expect(retireScript({ ctx: w.as(w.staff), input: { scriptId: other.script.id } })).rejects.toBeInstanceOf(ConflictError);
    await retireScript({ ctx: w.as(w.staff), input: { scriptId: shipped.id } });

    const audits = await db.select().from(auditLog).where(eq(auditLog.entityId, 'spotCheck'));
    expect(audits.map((a) => [a.action, a.actorId])).toEqual([
      ['script.assigned', expect.any(String)],
      ['script.assigned', w.staff.id],
    ]);
  });

  it('is scored on the server against the planned visit: yes valid, no knocked out, wrong person ends', async () => {
    await ensureDefaultScript(db, { now: NOW });
    const version = (await scriptForTask(db, { kind: 'spot_check', customerClass: 'D' }))!;
    const planned = { customer: '鹏程医药有限公司', contact: '李主任', manager: '陈志强', visitDate: '2026-11-20', visitType: null, purpose: '5G 专线续约洽谈' };
    const submit = (answers: Record<string, unknown>) => scoreSubmission(db, { versionId: version.id, answers, visitContext: planned, day: '2026-11-20' });

    expect(await submit({ identity: 'yes', visited: 'yes', visit_type: 'phone', topics: '续约', satisfaction: '2', remarks: '' })).toMatchObject({
      score: 85,
      result: 'valid',
      knockedOut: null,
      outcome: 'completed',
      threshold: 60,
      comparison: [{ questionId: 'topics', status: 'review', answer: '续约', reported: '5G 专线续约洽谈' }],
    });
    expect(await submit({ identity: 'yes', visited: 'no', remarks: '今天没有人来' })).toMatchObject({ score: 10, result: 'invalid', knockedOut: 'visited', outcome: 'completed' });
    expect(await submit({ identity: 'no' })).toMatchObject({ result: 'invalid', knockedOut: null, outcome: 'wrong_person' });
  });
});
