import { randomUUID } from 'node:crypto';
import { machine, peakRssMb, timed } from './support/measure';
import { openBenchDatabase, option, benchEnvironment } from './support/database';

/**
 * `npm run bench -- sampling [--visits N] [--keep]`: generates 1,000,000 visit reports (10,000
 * managers, 200,000 customers) in a bench database of its own, samples the month with the real
 * batch (decisions + callback tasks + due timers in Redis), then times a raw BullMQ addBulk of the
 * same number of jobs on the same Redis. Targets: the sampling run under 60 s on 2 cores; our
 * enqueue part at least 0.30 of raw addBulk's speed. Prints figures, then one JSON line.
 */
const BENCH_DB = 'huifang_bench_sampling';
const BENCH_PREFIX = '{huifang-bench-sampling}';
const RAW_PREFIX = '{huifang-bench-raw}';

export async function main(args: string[]): Promise<void> {
  const visits = Number(option(args, '--visits') ?? 1_000_000);
  const managers = Number(option(args, '--managers') ?? 10_000);
  const customers = Number(option(args, '--customers') ?? 200_000);
  // --keep leaves the bench database; --reuse samples a kept one again (its decisions and callbacks cleared).
  const keep = args.includes('--keep') || args.includes('--reuse');
  const reuse = args.includes('--reuse');

  // The bench's own database and Redis namespace, set before anything reads the configuration.
  const base = benchEnvironment(BENCH_DB, BENCH_PREFIX);

  const { Queue } = await import('bullmq');
  const { createDb } = await import('@/db/client');
  const { env } = await import('@/lib/platform/config/env');
  const { closeQueues, queue } = await import('@/lib/platform/jobs/queues');
  const { newRedisConnection } = await import('@/lib/platform/redis/connection');
  const { sampleMonth } = await import('@/lib/sampling/sample');
  const { monthOf, monthRange, shiftMonth } = await import('@/lib/platform/time/zone');

  const database = await openBenchDatabase(base, { reuse });

  const timeZone = env().APP_TIMEZONE;
  // Last month, sampled as the daily run does at 00:30 on the 1st: the month is over, so the
  // per-manager minimum applies too, and no visit is yet older than the exclusion limit.
  const month = shiftMonth(monthOf(new Date(), timeZone), -1);
  const { start, end } = monthRange(month, timeZone);
  const runAt = new Date(end.getTime() + 30 * 60 * 1000);

  const handle = createDb(base.toString(), { max: 6 });
  const redis = newRedisConnection();
  try {
    console.log(`machine: ${machine()}`);
    const [{ n: present }] = await handle.sql<{ n: number }[]>`select count(*)::int as n from visit_reports where visited_at >= ${start.toISOString()}::timestamptz and visited_at < ${end.toISOString()}::timestamptz`;
    if (reuse && present === visits) {
      await handle.sql.unsafe('truncate sampling_decisions, callback_tasks cascade');
      await invalidLastMonth(handle.sql, start);
      await handle.sql.unsafe('vacuum analyze');
      console.log('reusing the kept bench database (decisions and callbacks cleared)');
    } else {
      console.log(`generating ${visits.toLocaleString('en')} visits, ${managers.toLocaleString('en')} managers, ${customers.toLocaleString('en')} customers for ${month} …`);
      const generated = await timed(() => generate(handle.sql, { visits, managers, customers, start, end }));
      console.log(`generated in ${generated.seconds.toFixed(1)} s`);
    }

    const concurrency = Number(option(args, '--concurrency') ?? 2);
    const chunkVisits = option(args, '--chunk-visits') ? Number(option(args, '--chunk-visits')) : undefined;
    const sampled = await timed(() => sampleMonth(handle.db, month, { now: runAt, concurrency, chunkVisits }));
    const r = sampled.result;
    const jobsQueued = await queue('callback-timers').count();
    console.log(
      `sampling: ${r.decided} decided, ${r.sampled} sampled (${r.toppedUp} topped up), ${r.excluded} excluded, ` +
        `${r.callbacksCreated} callbacks, ${jobsQueued} due timers in Redis, ${r.chunks} chunks`,
    );
    if (jobsQueued !== r.callbacksCreated) throw new Error(`expected ${r.callbacksCreated} due timers, found ${jobsQueued}`);

    // Raw BullMQ addBulk of as many jobs, same job shape and batch size, on the same Redis.
    const raw = new Queue('callback-timers', { connection: newRedisConnection(), prefix: RAW_PREFIX });
    const n = r.callbacksCreated;
    const rawRun = await timed(async () => {
      for (let i = 0; i < n; i += 10_000) {
        const jobs = [];
        for (let j = i; j < Math.min(n, i + 10_000); j++) {
          const taskId = randomUUID();
          const dueAt = runAt.getTime();
          jobs.push({
            name: 'callback.due',
            data: { taskId, dueAt },
            opts: { jobId: `callback.due.${taskId}.${dueAt}`, removeOnComplete: { age: 24 * 3600, count: 1000 }, removeOnFail: { age: 7 * 24 * 3600 } },
          });
        }
        await raw.addBulk(jobs);
      }
    });
    await raw.obliterate({ force: true });
    await raw.close();

    const seconds = sampled.seconds;
    const ourRate = n / r.enqueueSeconds;
    const rawRate = n / rawRun.seconds;
    const ratio = n === 0 ? 0 : ourRate / rawRate;
    const rss = peakRssMb();
    console.log(`sampling run: ${seconds.toFixed(2)} s — ${Math.round(visits / seconds).toLocaleString('en')} visits/s, ${Math.round(n / seconds).toLocaleString('en')} callbacks/s`);
    console.log(`enqueue part: ${r.enqueueSeconds.toFixed(2)} s (${Math.round(ourRate).toLocaleString('en')} jobs/s); raw addBulk: ${rawRun.seconds.toFixed(2)} s (${Math.round(rawRate).toLocaleString('en')} jobs/s); ratio ${ratio.toFixed(2)}`);
    console.log(`database phases (s): ${Object.entries(r.timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
    console.log(`peak RSS: ${rss} MB`);
    console.log(`targets: under 60 s ${seconds < 60 ? 'met' : 'MISSED'}; enqueue ratio ≥ 0.30 ${ratio >= 0.3 ? 'met' : 'MISSED'}`);
    console.log(
      JSON.stringify({
        bench: 'sampling',
        visits,
        callbacks: n,
        seconds: Number(seconds.toFixed(2)),
        enqueue_ratio_vs_addbulk: Number(ratio.toFixed(3)),
        peak_rss_mb: rss,
      }),
    );
  } finally {
    // Leave nothing behind in Redis; the database too unless --keep.
    for (const prefix of [BENCH_PREFIX, RAW_PREFIX]) await deleteKeys(redis, `${prefix}:*`);
    await closeQueues();
    redis.disconnect();
    await handle.close();
    await database.close(keep);
  }
}

/** 1 % of managers had a visit judged invalid by callback last month (their rates are doubled). */
async function invalidLastMonth(sql: import('postgres').Sql, start: Date): Promise<void> {
  await sql.unsafe(`
    insert into callback_tasks (visit_id, customer_id, manager_id, customer_class, visited_at, state, next_attempt_at, outcome, result, closed_at)
      select v.id, v.customer_id, v.manager_id, 'B', v.visited_at, 'closed', v.visited_at, 'completed', 'invalid', v.visited_at + interval '2 days'
        from visit_reports v where v.purpose = '上月拜访' and v.visited_at < '${start.toISOString()}'::timestamptz;
  `);
}

async function deleteKeys(redis: import('ioredis').Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 5000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/**
 * The bench data, written by PostgreSQL itself (generate_series), not through the verbs: units,
 * managers with 20 customers each (classes A 5 %, B 15 %, C 30 %, D 50 %: few of the most valuable;
 * 2 % without a contact phone), visits spread over the month (5 % filed late), and a few managers with an invalid
 * callback the month before (their rates are doubled).
 */
async function generate(
  sql: import('postgres').Sql,
  o: { visits: number; managers: number; customers: number; start: Date; end: Date },
): Promise<void> {
  const perManager = Math.max(1, Math.floor(o.customers / o.managers));
  const spanSeconds = (o.end.getTime() - o.start.getTime()) / 1000 - 3600;
  await sql.unsafe(`
    insert into units (code, name, region) select 'BU' || g, '压测单位' || g, '压测' from generate_series(1, 50) g;
    create temporary table bench_units as select id, row_number() over (order by code) as n from units;
    insert into users (username, display_name, password_hash, role, unit_id)
      select 'bm' || g, '压测经理' || g, '!', 'manager', (select id from bench_units where n = 1 + g % 50) from generate_series(1, ${o.managers}) g;
    insert into users (username, display_name, password_hash, role) values ('bench-system', 'bench', '!', 'admin');
    create temporary table bench_managers as select id, row_number() over (order by username) as n from users where role = 'manager';
    insert into customers (group_code, name, class, unit_id)
      select 'BG' || g, '压测客户' || g,
             (case when g % 20 < 1 then 'A' when g % 20 < 4 then 'B' when g % 20 < 10 then 'C' else 'D' end)::customer_class,
             (select id from bench_units where n = 1 + g % 50)
        from generate_series(1, ${o.customers}) g;
    create temporary table bench_customers as select id, row_number() over (order by group_code) as n from customers;
    create index on bench_customers (n);
    create index on bench_managers (n);
    insert into contacts (customer_id, name, title, phone)
      select id, '联系人' || n, '总经理', '+86138' || lpad(n::text, 8, '0') from bench_customers where n % 50 <> 0;
  `);
  await sql.unsafe(`
    insert into visit_reports (manager_id, customer_id, type, visited_at, reported_at, purpose, late, created_by)
      select m.id, c.id, (case when g % 3 = 0 then 'phone' else 'on_site' end)::visit_type,
             '${o.start.toISOString()}'::timestamptz + make_interval(secs => (g::bigint * 7919 % ${o.visits}) * ${spanSeconds} / ${o.visits}),
             '${o.start.toISOString()}'::timestamptz + make_interval(secs => (g::bigint * 7919 % ${o.visits}) * ${spanSeconds} / ${o.visits})
               + (case when g % 20 = 0 then interval '30 hours' else interval '2 hours' end),
             '了解通信需求', g % 20 = 0, m.id
        from generate_series(0, ${o.visits - 1}) g
        join bench_managers m on m.n = 1 + g % ${o.managers}
        join bench_customers c on c.n = 1 + ((g % ${o.managers}) * ${perManager} + (g / ${o.managers}) % ${perManager}) % ${o.customers};
  `);
  await sql.unsafe(`
    insert into visit_reports (manager_id, customer_id, type, visited_at, reported_at, purpose, created_by)
      select m.id, c.id, 'on_site', '${o.start.toISOString()}'::timestamptz - interval '10 days', '${o.start.toISOString()}'::timestamptz - interval '9 days', '上月拜访', m.id
        from bench_managers m join bench_customers c on c.n = 1 + ((m.n - 1) * ${perManager}) % ${o.customers}
       where m.n % 100 = 0;
  `);
  await invalidLastMonth(sql, o.start);
  await sql.unsafe('analyze');
}
