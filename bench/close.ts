import { machine, peakRssMb, timed } from './support/measure';
import { openBenchDatabase, option, benchEnvironment } from './support/database';

/**
 * `npm run bench -- close [--visits N] [--managers N] [--customers N] [--keep|--reuse] [--cold] [--again] [--audit]`:
 * generates a month of 1,000,000 visit reports (10,000 managers, 200,000 customers claimed 20 per
 * manager, sampling decisions for every visit, 100,000 callbacks with their outcomes) in a bench
 * database of its own and closes it with the real close (findings, verdicts, coverage, ledger,
 * assessments); in the same run a single SQL aggregate over the same visits is timed as the floor.
 * Target: the close under 60 s on 2 cores. Prints figures, then one JSON line.
 *
 * As in production, the month is first evaluated as the real-time jobs leave it during the month
 * (every visit's findings, verdict and the ledger: timed and printed as the cold evaluation), then
 * late events arrive before the close (the callbacks still open complete), and the close — the
 * month's first — is timed. `--cold` times a close of a month nothing evaluated yet instead (it
 * writes every finding, verdict and ledger entry itself). `--again` also times a second close of
 * the unchanged month. `--audit` then runs `audit-integrity` over the month (it must be clean: every
 * completed callback rests on an attempt and an answered call, fabricated with it) and adds its
 * duration and problem count to the JSON line.
 */
const BENCH_DB = 'huifang_bench_close';

export async function main(args: string[]): Promise<void> {
  const visits = Number(option(args, '--visits') ?? 1_000_000);
  const managers = Number(option(args, '--managers') ?? 10_000);
  const customers = Number(option(args, '--customers') ?? 200_000);
  const callbacks = Number(option(args, '--callbacks') ?? Math.round(visits / 10));
  const keep = args.includes('--keep') || args.includes('--reuse');
  const reuse = args.includes('--reuse');

  const base = benchEnvironment(BENCH_DB, '{huifang-bench-close}');

  const { createDb } = await import('@/db/client');
  const { env } = await import('@/lib/platform/config/env');
  const { closeMonth, evaluateMonth } = await import('@/lib/assessment/close');
  const { systemActor } = await import('@/lib/users/system-user');
  const { monthOf, monthRange, shiftMonth } = await import('@/lib/platform/time/zone');

  const database = await openBenchDatabase(base, { reuse });

  const timeZone = env().APP_TIMEZONE;
  const month = shiftMonth(monthOf(new Date(), timeZone), -1);
  const { start, end } = monthRange(month, timeZone);
  const closeAt = new Date(end.getTime() + 2 * 86_400_000 + 3600_000);

  const handle = createDb(base.toString(), { max: 4 });
  try {
    console.log(`machine: ${machine()}`);
    const [{ n: present }] = await handle.sql<{ n: number }[]>`select count(*)::int as n from visit_reports where visited_at >= ${start.toISOString()}::timestamptz and visited_at < ${end.toISOString()}::timestamptz`;
    if (reuse && present === visits) {
      // Forget every earlier close (the append-only triggers are set aside for this reset only).
      await handle.sql.begin(async (tx) => {
        await tx.unsafe('set local session_replication_role = replica');
        await tx.unsafe('truncate visit_findings, visit_verdicts, points_ledger, month_assessments, agent_month_assessments, month_closes, month_status, dispute_attachments, disputes, notifications');
      });
      // Callbacks completed as late events in an earlier run are open again (without their attempt and call).
      const lateAt = new Date(end.getTime() + 86_400_000).toISOString();
      await handle.sql`delete from calls where task_id in (select id from callback_tasks where closed_at = ${lateAt}::timestamptz)`;
      await handle.sql`delete from callback_attempts where task_id in (select id from callback_tasks where closed_at = ${lateAt}::timestamptz)`;
      await handle.sql`update callback_tasks set state = 'waiting', outcome = null, score = null, result = null, closed_at = null, attempts = 0
                        where closed_at = ${new Date(end.getTime() + 86_400_000).toISOString()}::timestamptz`;
      await handle.sql.unsafe('vacuum analyze');
      console.log('reusing the kept bench database (findings, verdicts, ledger and closes cleared)');
    } else {
      console.log(`generating ${visits.toLocaleString('en')} visits, ${managers.toLocaleString('en')} managers, ${customers.toLocaleString('en')} customers, ${callbacks.toLocaleString('en')} callbacks for ${month} …`);
      const generated = await timed(() => generate(handle.sql, { visits, managers, customers, callbacks, start, end, month }));
      console.log(`generated in ${generated.seconds.toFixed(1)} s`);
    }
    // (A database kept by an older bench has completed callbacks without their evidence: added here.)
    await fabricateCallEvidence(handle.sql);

    // The floor: one aggregate over the same visits, per manager, with their customers' classes.
    const floor = await timed(() =>
      handle.sql.unsafe(`
        select v.manager_id, count(*) as visits, count(*) filter (where v.type = 'on_site') as on_site, count(*) filter (where v.late) as late,
               count(distinct v.customer_id) as customers, count(*) filter (where c.class in ('A', 'B')) as ab
          from visit_reports v join customers c on c.id = v.customer_id
         where v.visited_at >= '${start.toISOString()}'::timestamptz and v.visited_at < '${end.toISOString()}'::timestamptz
         group by v.manager_id`),
    );
    console.log(`floor (one SQL aggregate over the month's visits): ${floor.seconds.toFixed(2)} s, ${floor.result.length} managers`);

    const cold = args.includes('--cold');
    const lateAt = new Date(end.getTime() + 86_400_000);
    if (!cold) {
      // The month as the real-time evaluation leaves it at its end…
      const during = await timed(() => evaluateMonth(handle.db, month, { now: new Date(end.getTime() - 60_000) }));
      console.log(
        `evaluated during the month (as the real-time jobs leave it; cold, all at once): ${during.seconds.toFixed(2)} s, ` +
          `${during.result.written.verdicts} verdicts, ${during.result.written.findings} findings, ${during.result.written.ledgerEntries} ledger entries`,
      );
      // …then the callbacks still open complete after the month is over.
      const [{ n }] = await handle.sql<{ n: number }[]>`
        with done as (
          update callback_tasks set state = 'closed', outcome = 'completed', attempts = 1, closed_at = ${lateAt.toISOString()}::timestamptz,
                 score = 35 + (('x' || substr(md5(visit_id::text), 9, 6))::bit(24)::int % 66),
                 result = case when 35 + (('x' || substr(md5(visit_id::text), 9, 6))::bit(24)::int % 66) >= 60 then 'valid' else 'invalid' end
           where state = 'waiting' returning 1)
        select count(*)::int as n from done`;
      await fabricateCallEvidence(handle.sql);
      console.log(`late events before the close: ${n} callbacks completed (each with its attempt and answered call)`);
    }

    const actor = await systemActor(handle.db);
    // CPU seconds of this process and of the database's server processes over the close: which of
    // the two the close waits on (on a shared machine, the wall time alone does not say).
    const cpuBefore = { node: process.cpuUsage(), db: await serverCpuSeconds(handle.sql) };
    const closed = await timed(() =>
      closeMonth({
        ctx: { db: handle.db, actor, now: () => closeAt },
        input: { month },
        options: { onChunk: ({ chunk, chunks }) => chunk % 5 === 0 && console.log(`  chunk ${chunk}/${chunks}`) },
      }),
    );
    const r = closed.result;
    const seconds = closed.seconds;
    const nodeCpu = process.cpuUsage(cpuBefore.node);
    const cpu = { node: (nodeCpu.user + nodeCpu.system) / 1e6, db: cpuBefore.db === null ? null : ((await serverCpuSeconds(handle.sql)) ?? NaN) - cpuBefore.db };
    const ratio = seconds / floor.seconds;
    console.log(
      `close of ${month}: version ${r.version}, ${r.managers} managers in ${r.chunks} chunks; written: ${r.written.findings} findings, ` +
        `${r.written.verdicts} verdict versions, ${r.written.ledgerEntries} ledger entries`,
    );
    console.log(`totals: ${JSON.stringify(r.totals)}`);
    console.log(`phases (s): ${Object.entries(r.timings).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')} (load = waiting for reads not overlapped with deciding)`);
    console.log(`close: ${seconds.toFixed(2)} s — ${Math.round(visits / seconds).toLocaleString('en')} visits/s; ${ratio.toFixed(1)} × the floor`);
    console.log(
      `CPU during the close: this process ${cpu.node.toFixed(1)} s (${Math.round((100 * cpu.node) / seconds)} % of the wall time)` +
        (cpu.db === null ? '' : `, PostgreSQL ${cpu.db.toFixed(1)} s (${Math.round((100 * cpu.db) / seconds)} %)`),
    );
    if (args.includes('--again')) {
      const again = await timed(() => closeMonth({ ctx: { db: handle.db, actor, now: () => new Date(closeAt.getTime() + 3600_000) }, input: { month } }));
      console.log(
        `close again (unchanged): ${again.seconds.toFixed(2)} s, version ${again.result.version}, ${again.result.changes} changes, ` +
          `written ${JSON.stringify(again.result.written)}`,
      );
    }
    let audit: { seconds: number; problems: number } | undefined;
    if (args.includes('--audit')) {
      const { auditIntegrity } = await import('@/lib/integrity/audit');
      const audited = await timed(() => auditIntegrity({ ctx: { db: handle.db, actor, now: () => new Date(closeAt.getTime() + 7200_000) }, input: { month, trigger: 'cli' } }));
      const a = audited.result;
      audit = { seconds: audited.seconds, problems: a.problemCount };
      console.log(
        `audit-integrity ${month}: ${audited.seconds.toFixed(2)} s, ${a.problemCount} problem(s) ${JSON.stringify(a.counts)}; ` +
          `pending evaluation ${a.info.pendingEvaluation}, changed since close ${a.info.changedSinceClose}`,
      );
    }
    const rss = peakRssMb();
    console.log(`peak RSS: ${rss} MB`);
    console.log(`target: under 60 s ${seconds < 60 ? 'met' : 'MISSED'}`);
    console.log(
      JSON.stringify({
        bench: 'close',
        visits,
        seconds: Number(seconds.toFixed(2)),
        ratio_vs_floor: Number(ratio.toFixed(1)),
        peak_rss_mb: rss,
        node_cpu_s: Number(cpu.node.toFixed(1)),
        ...(cpu.db === null ? {} : { db_cpu_s: Number(cpu.db.toFixed(1)) }),
        mode: cold ? 'cold' : 'after-realtime',
        ...(audit ? { audit_seconds: Number(audit.seconds.toFixed(2)), audit_problems: audit.problems } : {}),
      }),
    );
  } finally {
    await handle.close();
    await database.close(keep);
  }
}

/**
 * The bench data, written by PostgreSQL itself (generate_series), not through the verbs: 50 units;
 * managers claiming 20 customers each from before the month (classes A 5 %, B 15 %, C 30 %, D 50 %;
 * one to three contacts, so some A/B fall short of three), visits spread over the month's working
 * hours (two in three on site with a GPS check-in, 5 % reported late, a few at odd hours or far
 * away), one contact per visit, a sampling decision for every visit, and callbacks for one visit in
 * ten: most completed with a score (some below 60), some unreachable, some still waiting.
 */
export async function generate(
  sql: import('postgres').Sql,
  o: { visits: number; managers: number; customers: number; callbacks: number; start: Date; end: Date; month: string },
): Promise<void> {
  const perManager = Math.max(1, Math.floor(o.customers / o.managers));
  const days = Math.round((o.end.getTime() - o.start.getTime()) / 86_400_000);
  const start = `'${o.start.toISOString()}'::timestamptz`;
  await sql.unsafe(`
    insert into units (code, name, region) select 'BU' || g, '压测单位' || g, '压测' from generate_series(1, 50) g;
    create temporary table bench_units as select id, row_number() over (order by code) as n from units;
    insert into users (username, display_name, password_hash, role, unit_id, phone)
      select 'bm' || g, '压测经理' || g, '!', 'manager', (select id from bench_units where n = 1 + g % 50), '+86139' || lpad(g::text, 8, '0')
        from generate_series(1, ${o.managers}) g;
    create temporary table bench_managers as select id, row_number() over (order by username) as n from users where role = 'manager';
    create index on bench_managers (n);
    insert into customers (group_code, name, class, unit_id, latitude, longitude)
      select 'BG' || g, '压测客户' || g,
             (case when g % 20 < 1 then 'A' when g % 20 < 4 then 'B' when g % 20 < 10 then 'C' else 'D' end)::customer_class,
             (select id from bench_units where n = 1 + g % 50), 22.5 + (g % 1000) * 0.0003, 113.9 + (g % 997) * 0.0004
        from generate_series(1, ${o.customers}) g;
    create temporary table bench_customers as select id, row_number() over (order by group_code) as n from customers;
    create index on bench_customers (n);
    insert into contacts (customer_id, name, title, phone)
      select c.id, '联系人' || c.n || '-' || k, '总经理', '+86138' || lpad((c.n * 3 + k)::text, 8, '0')
        from bench_customers c cross join generate_series(0, 2) k where k <= c.n % 3;
    insert into claims (customer_id, manager_id, effective_from)
      select c.id, m.id, ${start} - interval '90 days'
        from bench_customers c join bench_managers m on m.n = 1 + ((c.n - 1) / ${perManager}) % ${o.managers};
    create temporary table bench_contact as select distinct on (customer_id) customer_id, id from contacts order by customer_id, id;
    create index on bench_contact (customer_id);
  `);
  // Visit g: manager 1 + g % managers, one of its customers; local working hours mostly.
  await sql.unsafe(`
    create temporary table bench_visits as
      select g, m.id as manager_id, c.id as customer_id,
             ${start} + make_interval(days => (g / ${o.managers}) % ${days}, mins => (case when g % 97 = 0 then 23 * 60 + 10 else 8 * 60 + (g * 37) % (11 * 60) end)) as visited_at
        from generate_series(0, ${o.visits - 1}) g
        join bench_managers m on m.n = 1 + g % ${o.managers}
        join bench_customers c on c.n = 1 + ((g % ${o.managers}) * ${perManager} + (g / ${o.managers}) % ${perManager}) % ${o.customers};
    insert into visit_reports (id, manager_id, customer_id, type, visited_at, reported_at, check_in_method, check_in_latitude, check_in_longitude, purpose, late, created_by)
      select gen_random_uuid(), b.manager_id, b.customer_id, (case when b.g % 3 = 0 then 'phone' else 'on_site' end)::visit_type,
             b.visited_at, b.visited_at + (case when b.g % 20 = 0 then interval '30 hours' else interval '2 hours' end),
             (case when b.g % 3 = 0 then 'none' else 'gps' end)::check_in_method,
             case when b.g % 3 <> 0 then cu.latitude + (case when b.g % 50 = 1 then 0.01 else 0.001 end) end,
             case when b.g % 3 <> 0 then cu.longitude end,
             '了解通信需求', b.g % 20 = 0, b.manager_id
        from bench_visits b join customers cu on cu.id = b.customer_id;
  `);
  await sql.unsafe(`
    insert into visit_report_contacts (visit_id, contact_id)
      select v.id, k.id from visit_reports v join bench_contact k on k.customer_id = v.customer_id;
    insert into sampling_decisions (visit_id, manager_id, month, policy_version, draw, sampled, reason_code, decided_by)
      select v.id, v.manager_id, '${o.month}', 0, 0.5, row_number() over (order by v.id) <= ${o.callbacks}, 'sampling.reason.rate', 'batch' from visit_reports v;
    insert into callback_tasks (visit_id, customer_id, manager_id, customer_class, visited_at, state, next_attempt_at, attempts, outcome, score, result, closed_at)
      select v.id, v.customer_id, v.manager_id, c.class, v.visited_at,
             (case when x.k % 10 = 0 then 'unreachable' when x.k % 10 = 1 then 'waiting' else 'closed' end)::callback_state,
             v.visited_at, 1,
             (case when x.k % 10 = 0 then 'no_answer' when x.k % 10 = 1 then null else 'completed' end)::call_outcome,
             case when x.k % 10 > 1 then 40 + (x.k * 7) % 61 end,
             case when x.k % 10 > 1 then (case when 40 + (x.k * 7) % 61 >= 60 then 'valid' else 'invalid' end) end,
             case when x.k % 10 <> 1 then v.visited_at + interval '2 days' end
        from sampling_decisions d join visit_reports v on v.id = d.visit_id join customers c on c.id = v.customer_id
        cross join lateral (select ('x' || substr(md5(v.id::text), 1, 8))::bit(32)::int & 1048575 as k) x
       where d.sampled;
  `);
  await sql.unsafe('vacuum analyze');
}

/**
 * Every completed callback rests on evidence, as the telephony leaves it: attempt 1 with outcome
 * "completed" and the call of that attempt that the contact answered (the attempt keeps its call_id).
 * One INSERT … SELECT for every such callback still without its attempt; a no-op when all have one.
 */
export async function fabricateCallEvidence(sql: import('postgres').Sql): Promise<void> {
  await sql.unsafe(`
    insert into users (username, display_name, password_hash, role, phone)
      values ('bench-agent', '压测坐席', '!', 'agent', '+8613700000000') on conflict (username) do nothing;
    with t as (
      select t.id, t.closed_at, gen_random_uuid() as call_id, (select id from users where username = 'bench-agent') as agent_id
        from callback_tasks t
       where t.state = 'closed' and t.outcome = 'completed'
         and not exists (select 1 from callback_attempts a where a.task_id = t.id and a.attempt_no = 1)
    ), c as (
      insert into calls (id, task_id, agent_id, attempt_no, provider, agent_number, customer_number, caller_id, status, customer_leg_status,
                         answered_at, ended_at, duration_seconds, created_at, updated_at)
      select t.call_id, t.id, t.agent_id, 1, 'emulator', '+8613700000000', '+8613800000000', '+862160000000', 'completed', 'completed',
             t.closed_at - interval '280 seconds', t.closed_at, 280, t.closed_at - interval '300 seconds', t.closed_at
        from t
    )
    insert into callback_attempts (task_id, attempt_no, agent_id, outcome, call_id, started_at, ended_at)
    select t.id, 1, t.agent_id, 'completed', t.call_id, t.closed_at - interval '300 seconds', t.closed_at from t;
  `);
}

/**
 * CPU seconds (user + system) so far of the server processes serving this bench database, read
 * from /proc: null when PostgreSQL runs elsewhere or its processes cannot be read. The pool's
 * connections stay open across the close, so the difference of two readings is the close's.
 */
async function serverCpuSeconds(sql: import('postgres').Sql): Promise<number | null> {
  const { readFile } = await import('node:fs/promises');
  const pids = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database()`;
  const ticks = 100; // USER_HZ on Linux
  let total = 0;
  for (const { pid } of pids) {
    try {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticks;
    } catch {
      return null;
    }
  }
  return total;
}
