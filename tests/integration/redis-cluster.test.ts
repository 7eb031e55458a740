import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { eq } from 'drizzle-orm';
import type { Job, Worker } from 'bullmq';
import type { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from '@/db/client';
import { callbackTasks, integrityRuns } from '@/db/schema';
import { makeCallbackWorld } from '../support/callbacks';
import { ctxAs, makeUnit, makeUser } from '../support/factories';
import { startRedisCluster, type LocalRedisCluster } from '../support/redis-cluster';
import { testDb } from '../support/worker-setup';

/**
 * The app on a real Redis Cluster (three masters this file starts on spare ports, see
 * tests/support/redis-cluster.ts): REDIS_CLUSTER_NODES set, every connection comes from the one
 * factory, and the paths that use Redis run for real — a job through the typed job map and the
 * production workers (including a timer that goes back to sleep), the sign-in throttle across
 * accounts whose keys live on different masters, the calls-per-second slot, the live fanout, the
 * queue dashboard and the health check. Failover, resharding and replicas are not exercised.
 */

let cluster: LocalRedisCluster | undefined;
let db: Db;
let app: Awaited<ReturnType<typeof loadApp>>;
let workers: Worker[] = [];

/** The app's modules, loaded afresh once the environment names the cluster (env() reads it once). */
async function loadApp() {
  vi.resetModules();
  const [connection, queues, registry, signIn, users, callRate, liveChannels, livePublish, liveHub, telephonyLive, board, health, processors, run] = await Promise.all([
    import('@/lib/platform/redis/connection'),
    import('@/lib/platform/jobs/queues'),
    import('@/lib/platform/jobs/registry'),
    import('@/lib/auth/sign-in'),
    import('@/lib/users/users'),
    import('@/lib/calling/call-rate'),
    import('@/lib/live/channels'),
    import('@/lib/live/publish'),
    import('@/lib/live/hub'),
    import('@/lib/telephony/live'),
    import('@/lib/queues-dashboard/board'),
    import('@/lib/platform/health/check'),
    import('@/workers/processors'),
    import('@/workers/run'),
  ]);
  return { connection, queues, registry, signIn, users, callRate, liveChannels, livePublish, liveHub, telephonyLive, board, health, processors, run };
}

beforeAll(async () => {
  cluster = await startRedisCluster();
  process.env.REDIS_CLUSTER_NODES = cluster.nodes;
  app = await loadApp();
  db = (await testDb()).db;
}, 60_000);

afterAll(async () => {
  try {
    await Promise.all(workers.map((w) => w.close()));
    await app?.queues.closeQueues();
    await app?.connection.sharedRedis().quit();
  } finally {
    delete process.env.REDIS_CLUSTER_NODES;
    await cluster?.stop();
  }
}, 30_000);

const shared = () => app.connection.sharedRedis() as unknown as Cluster;

/** The cluster's masters (known once the client has read the slots). */
async function masters() {
  await shared().ping();
  return shared().nodes('master');
}

/** The master that holds a key (by the slot the cluster computes for it). */
async function masterOf(key: string): Promise<string> {
  const slot = (await shared().cluster('KEYSLOT', key)) as number;
  return shared().slots[slot]![0]!;
}

async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('on a Redis Cluster', () => {
  it('every connection from the factory is a Cluster client that sees the three masters', async () => {
    const { connection } = app;
    expect(connection.isCluster(connection.sharedRedis())).toBe(true);
    const own = connection.newRedisConnection();
    try {
      expect(connection.isCluster(own)).toBe(true);
      expect(await own.ping()).toBe('PONG');
      expect((own as unknown as Cluster).nodes('master')).toHaveLength(3);
    } finally {
      await own.quit();
    }
    expect(await app.health.checkHealth(db, connection.sharedRedis())).toMatchObject({ status: 'ok', redis: { ok: true } });
  });

  it('jobs go through the typed job map to the production workers: reconcile adds the timers, and a timer run early sleeps until its time', async () => {
    const { queues, processors, run } = app;
    workers = run.startWorkers(processors.processors);
    const later = new Date(Date.now() + 3600_000);
    const world = await makeCallbackWorld(db, { tasks: 3, state: 'waiting', nextAttemptAt: later });

    // No timers in Redis: the reconcile job (enqueued by name, payload checked) adds one per waiting task.
    await queues.enqueue('callbacks.reconcile', { runKey: 'cluster' });
    const maintenance = queues.queue('maintenance');
    const reconciled = await until('reconcile finished', () => maintenance.getJob('callbacks.reconcile.cluster'), (job) => !!job?.finishedOn);
    expect(await reconciled!.getState()).toBe('completed');
    expect(reconciled!.returnvalue).toMatchObject({ added: { due: 3, lease: 0 }, removed: { due: 0, lease: 0 } });
    const timers = queues.queue('callback-timers');
    const delayed = (await timers.getRanges(['delayed'], 0, -1, true)).sort();
    expect(delayed).toEqual(world.tasks.map((t) => `callback.due.${t.id}.${later.getTime()}`).sort());
    // The queue's keys are on the cluster, all on one master: the hash-tagged prefix keeps them in one slot.
    const holders = [];
    for (const master of await masters()) {
      if ((await master.keys(`${process.env.QUEUE_PREFIX}:callback-timers:*`)).length > 0) holders.push(master);
    }
    expect(holders).toHaveLength(1);

    // A task due in a few seconds, its timer run at once: the processor finds it early and moves
    // the job back to delayed (a multi-key BullMQ script); the run at its time makes the task ready.
    // (The world's tasks are every task in the database: the new one is the one not seen before.)
    const soon = (await makeCallbackWorld(db, { tasks: 1, state: 'waiting', nextAttemptAt: new Date(Date.now() + 4000) })).tasks.find(
      (t) => !world.tasks.some((w) => w.id === t.id),
    );
    await queues.enqueue('callback.due', { taskId: soon!.id, dueAt: soon!.nextAttemptAt.getTime() });
    const state = await until(
      'the task became ready',
      async () => (await db.select({ state: callbackTasks.state }).from(callbackTasks).where(eq(callbackTasks.id, soon!.id)))[0]!.state,
      (s) => s === 'ready',
    );
    expect(state).toBe('ready');
    const fired = (await timers.getJob(`callback.due.${soon!.id}.${soon!.nextAttemptAt.getTime()}`)) as Job;
    expect(await fired.getState()).toBe('completed');
    expect(fired.returnvalue).toBe('ready');
    await Promise.all(workers.map((w) => w.close()));
    workers = [];
  }, 45_000);

  it('the worker process starts on the cluster alone (REDIS_URL unreachable), registers its schedules, runs a job and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], {
      // Its REDIS_URL points nowhere: the seed nodes are what it checks and connects to.
      env: { ...process.env, REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'info', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => line.includes('"msg":"worker started"') && resolve());
        void exited.then((code) => reject(new Error(`the worker exited (${code}) before it started: ${stderr}`)));
      });
      const schedulers = await app.queues.queue('maintenance').getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toEqual(expect.arrayContaining(['callbacks-reconcile', 'integrity-nightly']));
      // No worker runs in this process now: the job is the child's to run.
      await app.queues.enqueue('integrity.audit', { runKey: 'cluster-worker' });
      const job = await until('the audit ran', () => app.queues.queue('maintenance').getJob('integrity.audit.cluster-worker'), (j) => !!j?.finishedOn);
      expect(await job!.getState()).toBe('completed');
      expect(await db.$count(integrityRuns)).toBe(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 45_000);

  it('the sign-in throttle counts, reports and unlocks accounts whose keys live on different masters', async () => {
    const { signIn, users } = app;
    const throttle = signIn.signInThrottle();
    const admin = await makeUser(db, 'admin');
    const unit = await makeUnit(db);
    // One instant for every try and look: the waits are compared with it, not with the clock.
    const now = new Date();
    const ctx = ctxAs(db, admin, now);
    // One account per master (the username is the keys' hash tag): the unlock's scan must visit each.
    const byMaster = new Map<string, string>();
    for (let i = 0; byMaster.size < 3 && i < 200; i++) {
      const username = `cluster.${i}`;
      const master = await masterOf(`huifang:signin:{u:${username}}:acct`);
      if (!byMaster.has(master)) byMaster.set(master, username);
    }
    expect(byMaster.size).toBe(3);
    const PASSWORD = 'correct-horse-battery';
    const accounts = [];
    for (const username of byMaster.values()) {
      const input = users.createUserInput.parse({ username, displayName: username, password: PASSWORD, role: 'manager', unitId: unit.id });
      accounts.push(await users.createUser({ ctx, input }));
    }

    for (const account of accounts) {
      // Three wrong passwords from one address: the third failure makes the pair wait.
      const ip = '10.0.0.1';
      for (let n = 0; n < 3; n++) expect(await signIn.signInWithPassword(db, throttle, { username: account.username, password: 'wrong', ip }, now)).toBeNull();
      await expect(signIn.signInWithPassword(db, throttle, { username: account.username, password: PASSWORD, ip }, now)).rejects.toMatchObject({ code: 'signInThrottled' });
      expect(await signIn.signInRestriction({ ctx, input: { id: account.id }, throttle })).toMatchObject({ waitingAddresses: 1 });
    }
    // Each master holds the failures of one of the accounts.
    for (const master of await masters()) expect(await master.keys('huifang:signin:*:pair:*')).toHaveLength(1);
    for (const account of accounts) {
      expect(await signIn.unlockSignIn({ ctx, input: { id: account.id }, throttle })).toEqual({ cleared: 1 });
      expect(await signIn.signInRestriction({ ctx, input: { id: account.id }, throttle })).toEqual({ waitingAddresses: 0, longestWaitSeconds: 0 });
      expect(await signIn.signInWithPassword(db, throttle, { username: account.username, password: PASSWORD, ip: '10.0.0.1' }, now)).toMatchObject({ id: account.id });
    }
  });

  it('the calls-per-second slot spaces the calls of every caller by the rate (the Lua script on the cluster)', async () => {
    const { callRate, connection } = app;
    const limiter = callRate.sharedCallRateLimiter();
    const other = connection.newRedisConnection();
    try {
      // A second process' limiter, on a connection of its own, shares the one key.
      const second = callRate.createCallRateLimiter(other, callRate.callRateKey(process.env.QUEUE_PREFIX!));
      const slots = (await Promise.all([0, 1, 2, 3].map((i) => (i % 2 === 0 ? limiter : second).acquire(20)))).map((s) => s.slotAt).sort((a, b) => a - b);
      for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeGreaterThanOrEqual(50);
      // A caller that would wait beyond its limit gets no slot.
      await limiter.acquire(1);
      await expect(second.acquire(1, { maxWaitMs: 100 })).rejects.toMatchObject({ code: 'calling.rateSaturated' });
    } finally {
      await other.quit();
    }
  });

  it('live events and call status reach the subscribers, whichever master they were published on', async () => {
    const { liveChannels, livePublish, liveHub, telephonyLive } = app;
    const hub = new liveHub.LiveHub();
    const calls = new telephonyLive.CallStatusHub();
    try {
      const user = await makeUser(db, 'staff');
      const received: unknown[] = [];
      const unsubscribe = await hub.subscribe(liveChannels.channelsFor(user), (event) => received.push(event));
      await livePublish.publishLive({ users: [user.id] }, { topic: 'visit', id: 'v-1' });
      await livePublish.publishLive({ staff: true }, { topic: 'queue', id: null });
      // Classic pub/sub: a message published on any master reaches the subscriber's node over the cluster bus.
      for (const [n, master] of (await masters()).entries()) {
        await master.publish(liveChannels.userChannel(user.id), JSON.stringify({ topic: 'dispute', id: `d-${n}` }));
      }
      await until('five events', async () => received.length, (n) => n >= 5);
      expect(received).toEqual(
        expect.arrayContaining([
          { topic: 'visit', id: 'v-1' },
          { topic: 'queue', id: null },
          { topic: 'dispute', id: 'd-0' },
          { topic: 'dispute', id: 'd-1' },
          { topic: 'dispute', id: 'd-2' },
        ]),
      );
      await unsubscribe();

      const views: { id: string }[] = [];
      const stop = await calls.subscribe(user.id, (view) => views.push(view));
      await telephonyLive.publishCallView(user.id, { id: 'call-1' } as Parameters<typeof telephonyLive.publishCallView>[1]);
      await until('the call status', async () => views.length, (n) => n >= 1);
      expect(views[0]).toMatchObject({ id: 'call-1' });
      await stop();
    } finally {
      await hub.close();
      await calls.close();
    }
  });

  it('the queue dashboard lists every queue with its counts', async () => {
    await app.queues.enqueue('integrity.audit', { runKey: 'cluster-dashboard' });
    const { board, registry } = app;
    const dashboard = board.queuesDashboard({ readOnly: true });
    const list = await dashboard.fetch(new Request(`http://localhost${board.DASHBOARD_BASE_PATH}/api/queues?activeQueue=&page=1&jobsPerPage=10`));
    expect(list.status).toBe(200);
    const body = (await list.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...registry.QUEUE_NAMES].sort());
    const maintenance = body.queues.find((q) => q.name === 'maintenance')!;
    expect(Object.values(maintenance.counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  });
});
