import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Job } from 'bullmq';
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { auditLog, customers, importErrors, importRows, imports } from '@/db/schema';
import { getImport, requestCommit, startImport } from '@/lib/imports/imports';
import { queueCommit } from '@/lib/imports/queued';
import { queue } from '@/lib/platform/jobs/queues';
import { jobs, type JobName, type JobPayload } from '@/lib/platform/jobs/registry';
import { processors } from '@/workers/processors';
import { emptyQueuesForEachTest } from '../support/callbacks';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * Issue 13 §4 and §6: an import's commit is audited as the person who asked to commit (not the
 * uploader), the request itself is audited, and the imports worker's processors can run the same
 * job twice (a retry after a blip) and leave what one run left.
 */
let db: Db;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'huifang-import-commit-'));
  process.env.UPLOAD_DIR = path.join(dir, 'uploads');
});
beforeEach(async () => {
  db = (await testDb()).db;
});
emptyQueuesForEachTest();

const FILE = [
  '集团编码,集团名称,集团等级,营销单位,客户经理工号,关键人姓名,联系电话',
  'G001,华东钢铁集团,A,DX01,zhangwei,王总,13812345678',
  'G002,城西物流公司,C,DX01,,,',
  'G003,丙公司,B,DX01,,李主任,13912345678',
].join('\r\n');

async function world() {
  const unit = await makeUnit(db, { code: 'DX01', name: '城东营销单位' });
  const uploader = await makeUser(db, 'staff', { displayName: '上传人' });
  const committer = await makeUser(db, 'admin', { displayName: '提交人' });
  await makeUser(db, 'manager', { unitId: unit.id, username: 'zhangwei' });
  const at = path.join(dir, `customers-${uploader.id}.csv`);
  await writeFile(at, FILE);
  const started = await startImport({ ctx: ctxAs(db, uploader), input: { kind: 'customers', fileName: 'customers.csv' }, source: at });
  return { uploader, committer, importId: started.id };
}

/** A real BullMQ job for the processor (its progress goes to Redis), added without a worker running. */
async function jobFor<N extends JobName>(name: N, payload: JobPayload<N>): Promise<Job> {
  const spec = jobs[name];
  return queue(spec.queue).add(name, payload, { jobId: (spec.jobId as (p: JobPayload<N>) => string)(payload) });
}

async function run<N extends JobName>(name: N, payload: JobPayload<N>) {
  const job = await jobFor(name, payload);
  const processor = processors[name] as (p: JobPayload<N>, j: Job) => Promise<unknown>;
  return processor(payload, job);
}

async function auditOf(importId: string, action: string) {
  return db
    .select({ actorId: auditLog.actorId, before: auditLog.before, after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'import'), eq(auditLog.entityId, importId), eq(auditLog.action, action)))
    .orderBy(asc(auditLog.id));
}

async function state(importId: string) {
  const [record] = await db.select().from(imports).where(eq(imports.id, importId));
  return {
    status: record.status,
    totalRows: record.totalRows,
    errorCount: record.errorCount,
    summary: record.summary,
    errors: await db.$count(importErrors, eq(importErrors.importId, importId)),
    previewRows: await db.$count(importRows, eq(importRows.importId, importId)),
    customers: await db.$count(customers),
  };
}

describe('import commit audit names who asked', () => {
  it('requesting the commit is audited as the one who asked, once however often they click', async () => {
    const { committer, importId } = await world();
    await run('import.validate', { importId });
    const ctx = ctxAs(db, committer);

    expect(await requestCommit({ ctx, input: { id: importId } })).toMatchObject({ status: 'committing' });
    expect(await requestCommit({ ctx, input: { id: importId } })).toMatchObject({ status: 'committing' });

    const rows = await auditOf(importId, 'import.commitRequested');
    expect(rows).toEqual([
      { actorId: committer.id, before: { status: 'validated' }, after: { status: 'committing', kind: 'customers', fileName: 'customers.csv', totalRows: 3 } },
    ]);
  });

  it('a refused request writes no audit row', async () => {
    const { committer, importId } = await world();
    // Not validated yet: 尚未校验完成.
    await expect(requestCommit({ ctx: ctxAs(db, committer), input: { id: importId } })).rejects.toMatchObject({ code: 'import.notReady' });
    expect(await auditOf(importId, 'import.commitRequested')).toEqual([]);
  });

  it('the commit job is audited as the committing admin, not as the staff who uploaded', async () => {
    const { uploader, committer, importId } = await world();
    await run('import.validate', { importId });
    const record = await queueCommit({ ctx: ctxAs(db, committer), input: { id: importId } });
    expect(record.status).toBe('committing');
    // The job the web app queued carries the committer.
    const queued = await queue('imports').getJob(jobs['import.commit'].jobId({ importId }));
    expect(queued?.data).toEqual({ importId, actorId: committer.id });

    await run('import.commit', { importId, actorId: committer.id });

    const committed = await auditOf(importId, 'import.committed');
    expect(committed.map((r) => r.actorId)).toEqual([committer.id]);
    expect((await auditOf(importId, 'import.uploaded')).map((r) => r.actorId)).toEqual([uploader.id]);
    const shown = await getImport({ ctx: ctxAs(db, uploader), input: { id: importId } });
    expect(shown).toMatchObject({ status: 'committed', createdByName: '上传人' });
  });
});

describe('imports processors run the same job twice to the same end', () => {
  it('import.validate twice: one set of preview rows and counts, not two', async () => {
    const { importId } = await world();
    await run('import.validate', { importId });
    const once = await state(importId);
    expect(once).toMatchObject({ status: 'validated', totalRows: 3, errorCount: 0, previewRows: 3, customers: 0 });

    await run('import.validate', { importId });
    expect(await state(importId)).toEqual(once);
  });

  it('import.commit twice: the customers are written once, the commit audited once', async () => {
    const { committer, importId } = await world();
    await run('import.validate', { importId });
    await requestCommit({ ctx: ctxAs(db, committer), input: { id: importId } });

    await run('import.commit', { importId, actorId: committer.id });
    const once = await state(importId);
    expect(once).toMatchObject({ status: 'committed', customers: 3 });

    await run('import.commit', { importId, actorId: committer.id });
    expect(await state(importId)).toEqual(once);
    expect(await auditOf(importId, 'import.committed')).toHaveLength(1);
  });

  it('a job for an import that no longer exists does nothing', async () => {
    const { committer } = await world();
    const gone = '00000000-0000-4000-8000-000000000000';
    await expect(run('import.validate', { importId: gone })).resolves.toBeUndefined();
    await expect(run('import.commit', { importId: gone, actorId: committer.id })).resolves.toBeUndefined();
    expect(await db.$count(customers)).toBe(0);
  });
});
