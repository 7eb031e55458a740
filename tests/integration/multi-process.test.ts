import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { visitReports } from '@/db/schema';
import { closeMonth } from '@/lib/assessment/close';
import { env } from '@/lib/platform/config/env';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { QUEUE_NAMES, type JobName, type JobPayload, type QueueName } from '@/lib/platform/jobs/registry';
import { actorOf } from '@/lib/auth/actor';
import { sampleMonth } from '@/lib/sampling/sample';
import { monthOf } from '@/lib/platform/time/zone';
import { MONTH, makeAssessmentWorld } from '../support/assessment';
import { callAroundTheClock, flushQueuePrefix, makeAgents, makeCallbackWorld } from '../support/callbacks';
import { FIXTURE_PASSWORD, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { forgetSampling, samplingSnapshot } from '../support/sampling';
import { testDb } from '../support/worker-setup';

/*
 * docs/DEPLOYMENT.md, "Beyond one box": the same code as N web and N worker processes sharing only
 * PostgreSQL and Redis. Two web processes (tests/support/web-process.ts: the real route handlers
 * and session check behind a plain HTTP server, no Next.js build) and two worker processes (the
 * real `npm run worker` entry, workers/index.ts: schedules registered by both, every processor)
 * run at once against this test worker's database and Redis prefix; this process plays the load
 * balancer, sending each request to either web process with no stickiness. The claim, sampling and
 * close paths must stay as correct as on one process.
 */

const SECRET = 'multi-process-test-secret-0123456789';
const ROOT = path.resolve('.');

interface Proc {
  name: string;
  child: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}
interface Web extends Proc {
  base: string;
}
interface JobLine {
  service: string;
  job: string;
  jobId: string;
  msg: string;
}

let db: Db;
const webs: Web[] = [];
const workers: Proc[] = [];
/** What the workers logged of their jobs (LOG_LEVEL=debug: one line as each starts, one as it fails). */
const jobLines: JobLine[] = [];

function startProcess(name: string, args: string[], extraEnv: Record<string, string>, ready: (line: string) => boolean): Promise<Proc> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: env().DATABASE_URL, QUEUE_PREFIX: env().QUEUE_PREFIX, NEXTAUTH_SECRET: SECRET, HUIFANG_SERVICE: name, ...extraEnv },
    // stdin: a web process ends when it closes, that is when this process does, however it ends.
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  const proc: Proc = { name, child, lines: [], exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    let started = false;
    createInterface({ input: child.stdout! }).on('line', (line) => {
      proc.lines.push(line);
      if (line.startsWith('{')) {
        const entry = JSON.parse(line) as Partial<JobLine>;
        if (entry.jobId && entry.msg?.startsWith('job ')) jobLines.push(entry as JobLine);
      }
      if (!started && ready(line)) {
        started = true;
        resolve(proc);
      }
    });
    void proc.exited.then((code) => {
      if (!started) reject(new Error(`${name} exited (${code}) before it was ready: ${stderr}`));
    });
  });
}

async function startWeb(name: string): Promise<Web> {
  const proc = await startProcess(name, ['--require', './tests/support/next-request-stand-in.cjs', '--import', 'tsx', 'tests/support/web-process.ts'], { LOG_LEVEL: 'silent' }, (l) => l.startsWith('ready '));
  const port = proc.lines.find((l) => l.startsWith('ready '))!.slice(6);
  return { ...proc, base: `http://127.0.0.1:${port}` };
}

function startWorker(name: string): Promise<Proc> {
  return startProcess(name, ['--import', 'tsx', 'workers/index.ts'], { LOG_LEVEL: 'debug', LOG_FORMAT: 'json' }, (l) => l.includes('"msg":"worker started"'));
}

async function stop(proc: Proc) {
  if (proc.child.exitCode !== null) return;
  proc.child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 15_000).unref());
  if ((await Promise.race([proc.exited, timeout])) === 'timeout') {
    proc.child.kill('SIGKILL');
    await proc.exited;
  }
}

/** A request to one web process, as a browser on the site sends it. */
async function call(web: Web, method: 'GET' | 'POST', route: string, options: { token?: string; body?: unknown } = {}) {
  const res = await fetch(`${web.base}${route}`, {
    method,
    headers: {
      ...(options.token ? { cookie: `next-auth.session-token=${options.token}` } : {}),
      ...(method === 'POST' ? { origin: new URL(env().PUBLIC_BASE_URL).origin, 'content-type': 'application/json' } : {}),
    },
    body: method === 'POST' ? JSON.stringify(options.body ?? {}) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function signIn(web: Web, username: string): Promise<string> {
  const r = await call(web, 'POST', '/test/sign-in', { body: { username, password: FIXTURE_PASSWORD } });
  expect(r.status, `sign-in of ${username} on ${web.name}`).toBe(200);
  return r.body.token as string;
}

function enqueueVia<N extends JobName>(web: Web, name: N, payload: JobPayload<N>) {
  return call(web, 'POST', '/test/enqueue', { body: { name, payload } });
}

/** Waits until no job of these names is waiting, active or retrying in the queue (the schedulers' next runs aside). */
async function drained(queueName: QueueName, names: JobName[], timeoutMs = 30_000) {
  const started = Date.now();
  for (;;) {
    const pending = (await queue(queueName).getJobs(['waiting', 'active', 'delayed', 'prioritized'])).filter((j) => j && names.includes(j.name as JobName));
    if (pending.length === 0) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${queueName}: ${pending.length} jobs still pending after ${timeoutMs} ms: ${pending.map((j) => j.id).join(', ')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The workers that started jobs of this name (from their log lines). */
const workersThatRan = (name: JobName) => new Set(jobLines.filter((l) => l.job === name && l.msg === 'job started').map((l) => l.service));
/** Failures of these jobs, retried or not: a job that failed on a conflict would show here before its retry succeeded. */
const failuresOf = (names: JobName[]) => jobLines.filter((l) => names.includes(l.job as JobName) && l.msg.startsWith('job failed'));

/**
 * Between tests the workers take no job (BullMQ's pause, as the queue dashboard's), and none is
 * running: the database is emptied before each test (worker-setup.ts), and a job writing as the
 * tables are truncated would deadlock with it. A timer that comes due meanwhile runs after the
 * resume, against a database without its record, and does nothing.
 */
async function pauseWorkers() {
  await Promise.all(QUEUE_NAMES.map((q) => queue(q).pause()));
  const started = Date.now();
  while ((await Promise.all(QUEUE_NAMES.map((q) => queue(q).getActiveCount()))).some((n) => n > 0)) {
    if (Date.now() - started > 30_000) throw new Error('the workers did not finish their jobs within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  db = (await testDb()).db;
  await flushQueuePrefix();
  const started = Date.now();
  const [a, b, w1, w2] = await Promise.all([startWeb('web-a'), startWeb('web-b'), startWorker('worker-1'), startWorker('worker-2')]);
  webs.push(a, b);
  workers.push(w1, w2);
  console.log(`multi-process: two web and two worker processes ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await pauseWorkers();
}, 120_000);

afterAll(async () => {
  await Promise.all([...webs, ...workers].map(stop));
  await flushQueuePrefix();
  await closeQueues();
}, 60_000);

// After worker-setup.ts has emptied the database.
beforeEach(async () => {
  db = (await testDb()).db;
  await Promise.all(QUEUE_NAMES.map((q) => queue(q).resume()));
});
afterEach(pauseWorkers, 40_000);

describe('two web and two worker processes on one database', () => {
  it('share the schedules: each recurring job registered once although both workers registered them', async () => {
    const schedulers = (await Promise.all((['sampling', 'assessment', 'maintenance', 'spot-checks'] as const).map((q) => queue(q).getJobSchedulers()))).flat();
    const ids = schedulers.map((s) => s.key).sort();
    expect(ids).toEqual(['callbacks-reconcile', 'indicators-catch-up', 'integrity-nightly', 'month-close-daily', 'sampling-daily', 'spot-checks-catch-up', 'spot-checks-daily', 'verdicts-daily']);
  });

  it('claim: agents working through either web process take every callback once, each held by the agent told, with no sticky sessions', async () => {
    await callAroundTheClock(db, { manualCallsAllowed: true, leaseSeconds: 600 });
    const world = await makeCallbackWorld(db, { tasks: 60 });
    const agents = await makeAgents(db, 16);
    // Each agent signs in on one web process; the session works on the other (nothing shared but the secret and the database).
    const tokens = await Promise.all(agents.map((a, i) => signIn(webs[i % 2], a.username)));
    for (const [i, a] of agents.entries()) {
      const other = await call(webs[(i + 1) % 2], 'GET', '/api/me', { token: tokens[i] });
      expect(other).toMatchObject({ status: 200, body: { id: a.id } });
    }

    // "Save and next" in a loop, each agent's requests alternating between the processes.
    const taken: { agentId: string; taskId: string; web: string }[] = [];
    await Promise.all(
      agents.map(async (agent, i) => {
        let held: string | undefined;
        for (let k = i; ; k++) {
          const web = webs[k % 2];
          const finish = held ? { finish: { taskId: held, attemptNo: 1, outcome: 'completed', manual: true, notes: '多进程测试：座机拨打，无通话记录' } } : {};
          const r = await call(web, 'POST', '/api/callbacks/next', { token: tokens[i], body: finish });
          expect(r.status, JSON.stringify(r.body)).toBe(200);
          if (held) expect(r.body.finished).toBeTruthy();
          if (r.body.status !== 'held') break;
          held = (r.body.task as { id: string }).id;
          taken.push({ agentId: agent.id, taskId: held, web: web.name });
        }
      }),
    );

    // Every callback handed out once, each web process handing out some, each agent served by both.
    expect(taken).toHaveLength(world.tasks.length);
    expect(new Set(taken.map((t) => t.taskId)).size).toBe(world.tasks.length);
    expect(new Set(taken.map((t) => t.web))).toEqual(new Set(['web-a', 'web-b']));
    // The database agrees: each callback closed on one attempt, by the agent who was told it was theirs.
    const attempts = (await db.execute(sql`
      select t.id as "taskId", t.state, t.holder_id as "holderId", count(a.id)::int as attempts, min(a.agent_id::text) as "agentId"
        from callback_tasks t left join callback_attempts a on a.task_id = t.id group by t.id`)) as unknown as { taskId: string; state: string; holderId: string | null; attempts: number; agentId: string }[];
    const told = new Map(taken.map((t) => [t.taskId, t.agentId]));
    for (const t of attempts) expect(t).toEqual({ taskId: t.taskId, state: 'closed', holderId: null, attempts: 1, agentId: told.get(t.taskId) });
    // And the audit log: one "taken" per callback.
    const takes = (await db.execute(sql`select entity_id as id, count(*)::int as n from audit_log where action = 'callback.taken' group by entity_id`)) as unknown as { id: string; n: number }[];
    expect(takes).toHaveLength(world.tasks.length);
    expect(takes.every((t) => t.n === 1)).toBe(true);

    // The workers evaluated each finished callback's visit (enqueued by the web processes after their commits).
    await drained('assessment', ['verdicts.visit']);
    expect(failuresOf(['verdicts.visit'])).toEqual([]);
    const evaluated = (await db.execute(sql`select count(distinct visit_id)::int as n from visit_verdicts`)) as unknown as { n: number }[];
    expect(evaluated[0].n).toBe(world.tasks.length);
  }, 60_000);

  it('sampling: a month asked for twice, and each visit, from both web processes, decided once by both workers — the same as one run', async () => {
    const units = [await makeUnit(db), await makeUnit(db)];
    const visitedAt = new Date(Date.now() - 2 * 3600_000);
    const rows: (typeof visitReports.$inferInsert)[] = [];
    for (let m = 0; m < 3; m++) {
      const manager = await makeUser(db, 'manager', { unitId: units[m % 2].id });
      for (let i = 0; i < 10; i++) {
        const customer = await makeCustomer(db, units[m % 2].id, { class: (['A', 'B', 'C', 'D'] as const)[i % 4] });
        await makeContact(db, customer.id);
        rows.push({ managerId: manager.id, customerId: customer.id, type: 'on_site', visitedAt: new Date(visitedAt.getTime() + i * 60_000), reportedAt: new Date(visitedAt.getTime() + 3600_000), purpose: `多进程抽样 ${m}-${i}`, createdBy: manager.id });
      }
    }
    const visits = await db.insert(visitReports).values(rows).returning({ id: visitReports.id });
    const month = monthOf(visitedAt, env().APP_TIMEZONE);

    // As when reports arrive on either web process while the catch-up is asked for twice (and once more under a key already asked).
    await Promise.all([
      enqueueVia(webs[0], 'sampling.month', { month, runKey: 'web-a' }),
      enqueueVia(webs[1], 'sampling.month', { month, runKey: 'web-b' }),
      enqueueVia(webs[1], 'sampling.month', { month, runKey: 'web-a' }),
      ...visits.map((v, i) => enqueueVia(webs[i % 2], 'sampling.visit', { visitId: v.id })),
    ]);
    await drained('sampling', ['sampling.month', 'sampling.visit']);
    expect(failuresOf(['sampling.month', 'sampling.visit'])).toEqual([]);
    expect(workersThatRan('sampling.visit')).toEqual(new Set(['worker-1', 'worker-2']));

    // Each visit decided once; one callback per sampled visit; one due timer per callback.
    const decided = await samplingSnapshot(db);
    expect(decided.decisions).toHaveLength(visits.length);
    expect(new Set(decided.decisions.map((d) => d.visitId)).size).toBe(visits.length);
    const sampled = decided.decisions.filter((d) => d.sampled).map((d) => d.visitId).sort();
    expect(sampled.length).toBeGreaterThan(0);
    expect(decided.tasks.map((t) => t.visitId).sort()).toEqual(sampled);
    const taskIds = ((await db.execute(sql`select id::text from callback_tasks`)) as unknown as { id: string }[]).map((t) => t.id);
    const timers = (await queue('callback-timers').getJobs(['delayed', 'waiting', 'active', 'completed', 'prioritized'])).filter((j) => j?.id?.startsWith('callback.due.'));
    expect(taskIds.map((id) => timers.filter((j) => j.id!.startsWith(`callback.due.${id}.`)).length)).toEqual(taskIds.map(() => 1));

    // The same decisions and callbacks as one run in one process (the draw is the visit's own).
    const withoutState = (s: typeof decided) => ({ decisions: s.decisions, tasks: s.tasks.map(({ state: _, ...t }) => t) });
    await forgetSampling(db);
    await sampleMonth(db, month);
    expect(withoutState(await samplingSnapshot(db))).toEqual(withoutState(decided));
  }, 60_000);

  it('close: month.close run by both workers at once, asked twice for each run, gives one version per run, numbered 1…n, each with the figures of a single close', async () => {
    const w = await makeAssessmentWorld(db);
    // The figures of a single close, taken in a transaction that is then rolled back.
    const figuresOf = async (dbOrTx: Pick<Db, 'execute'>, closeId: string) => ({
      managers: [...((await dbOrTx.execute(sql`select manager_id, figures, score, grade from month_assessments where close_id = ${closeId}::uuid order by manager_id`)) as unknown as unknown[])],
      agents: [...((await dbOrTx.execute(sql`select agent_id, figures, score, grade from agent_month_assessments where close_id = ${closeId}::uuid order by agent_id`)) as unknown as unknown[])],
    });
    let single: Awaited<ReturnType<typeof figuresOf>> | undefined;
    await db
      .transaction(async (tx) => {
        const r = await closeMonth({ ctx: { db: tx as unknown as Db, actor: actorOf(w.staff), now: () => new Date() }, input: { month: MONTH } });
        single = await figuresOf(tx, r.closeId);
        throw new Error('rolled back');
      })
      .catch((e: Error) => expect(e.message).toBe('rolled back'));
    expect(single!.managers).toHaveLength(2);
    expect(await db.execute(sql`select 1 from month_closes`)).toHaveLength(0);

    // Four runs (a staff member's and the schedule's …), each asked by both web processes at once:
    // two workers with two slots each must both take some, and the duplicates must not run.
    const runs = ['staff-a', 'staff-b', 'scheduled', 'retry'];
    await Promise.all(runs.flatMap((runKey) => webs.map((web) => enqueueVia(web, 'month.close', { month: MONTH, runKey }))));
    await drained('assessment', ['month.close'], 45_000);
    expect(failuresOf(['month.close'])).toEqual([]);
    expect(workersThatRan('month.close')).toEqual(new Set(['worker-1', 'worker-2']));

    const closes = (await db.execute(sql`select id::text, version, changes, agent_changes as "agentChanges" from month_closes where month = ${MONTH} order by version`)) as unknown as { id: string; version: number; changes: unknown[]; agentChanges: unknown[] }[];
    expect(closes.map((c) => c.version)).toEqual([1, 2, 3, 4]);
    for (const c of closes) expect(await figuresOf(db, c.id)).toEqual(single);
    // Each later version found nothing changed since the one before it.
    for (const c of closes.slice(1)) expect({ changes: c.changes, agentChanges: c.agentChanges }).toEqual({ changes: [], agentChanges: [] });
    expect(await db.execute(sql`select closed_version as "closedVersion", changed_since_close as "changed" from month_status where month = ${MONTH}`)).toEqual([{ closedVersion: 4, changed: false }]);
    expect(await db.execute(sql`select count(*)::int as n from audit_log where action = 'month.closed'`)).toEqual([{ n: 4 }]);
  }, 60_000);
});
