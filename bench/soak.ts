import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { machine } from './support/measure';
import { openBenchDatabase, option, benchEnvironment } from './support/database';
import { newCounters, runAgent, type AgentContext } from './support/soak/agents';
import { ensureSoakBuild, SOAK_DIST_DIR, soakBuildEnv } from './support/soak/build';
import { duplicateHolds, integrityAudit, lostCallbacks } from './support/soak/checks';
import { Person, percentile, SoakHttp, SoakStats } from './support/soak/http';
import { newManagerCounters, runManager } from './support/soak/managers';
import { startPgProxy } from './support/soak/pg-proxy';
import { collectGarbage } from './support/soak/forced-gc';
import { closeLogs, heapAfterGc, startProcess, stopProcess, TRACE_GC_ARGS, type ProcessSpec, type SoakProcess } from './support/soak/processes';
import { freePort } from './support/free-port';
import { startRedis } from './support/soak/redis-server';
import { growthOverWindow, RssSampler } from './support/soak/rss';
import { actionIds } from './support/soak/server-actions';
import { seedSoakWorld } from './support/soak/seed';
import { newStaffCounters, runStaff } from './support/soak/staff';
import { runWebhookReplay } from './support/soak/webhooks';

/**
 * `npm run bench -- soak [--minutes N] [--agents N] [--managers N] [--visits N] [--think S] [--keep]`
 *
 * The whole system under sustained load while parts of it fail (issue 16 §2). Starts the real
 * stack — the built web app (its own build, bench/out/.next-soak), two worker processes and the
 * Twilio emulator — on a database of its own, a Redis server of its own on a spare port (so it can
 * be restarted, losing everything) and PostgreSQL behind a TCP proxy the bench controls (so it
 * can stall). Then for N minutes (default 10):
 *  - agents (200) signed in for real take a callback (the desk's action), open it, call through
 *    the emulator (contacts answer, are busy, do not answer, fail, or are machines), answer the
 *    script (some contacts deny the visit: an invalid verdict), hang up and submit (the desk's action);
 *  - managers (100) report visits (新建拜访's action) and dispute invalid verdicts (/api/disputes);
 *  - staff close the month that is over (月结's action) and export (/api/exports, the assessment);
 *  - webhooks arrive again, out of order and twice (signed as Twilio signs them);
 *  - faults: one worker is SIGKILLed and restarted, Redis is restarted empty, PostgreSQL stalls 5 s.
 * Then, the load stopped and the queues drained, it checks: no 5xx (those overlapping a fault
 * window counted apart), no callback handed to two agents, none lost (every open callback has its
 * timer, none overdue), the integrity audit clean, every process's RSS flat over the last half
 * (< 10 %: RSS read after forced full collections, see rss.ts; every process listens on an
 * inspector port of 127.0.0.1 for that), and prints p99 per route. Last line: one JSON object; the exit code is 1 when a check fails.
 * Logs of every process are kept in a temp directory, printed when something fails.
 */
const BENCH_DB = 'huifang_bench_soak';
const BENCH_PREFIX = '{huifang-bench-soak}';
const SECRET = 'bench-soak-secret-not-for-production-0123456789';
const PASSWORD = 'soak-password-2026';
const ROOT = path.resolve(__dirname, '..');
const RSS_LIMIT_PCT = 10;
/** Errors this long after a fault ended still count as the fault's (requests queued behind it). */
const FAULT_GRACE_MS = 15_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Extra Node flags for one process from SOAK_NODE_ARGS_<NAME> (e.g. SOAK_NODE_ARGS_WEB="--trace-gc"), for diagnosing a run. */
const nodeArgsFor = (name: string) => (process.env[`SOAK_NODE_ARGS_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').split(/\s+/).filter(Boolean);
/** The stack's processes whose memory the soak follows (the order of its report). */
const STACK_PROCESSES = ['web', 'worker-1', 'worker-2', 'emulator'] as const;
const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;

export async function main(args: string[]): Promise<void> {
  const minutes = Number(option(args, '--minutes') ?? 10);
  const agentCount = Number(option(args, '--agents') ?? 200);
  const managerCount = Number(option(args, '--managers') ?? 100);
  const visitCount = Number(option(args, '--visits') ?? 2500);
  const thinkMs = Number(option(args, '--think') ?? 45) * 1000;
  const timeScale = Number(option(args, '--time-scale') ?? 0.25);
  const keep = args.includes('--keep');
  if (!(minutes > 0)) throw new Error('--minutes must be above 0');

  const logDir = mkdtempSync(path.join(tmpdir(), 'huifang-soak-'));
  const log = (line: string) => console.log(`[soak ${new Date().toISOString().slice(11, 19)}] ${line}`);
  log(`machine: ${machine()}; logs in ${logDir}`);

  // ---- Redis of its own, then the configuration (read lazily, so set before anything reads it). ----
  const redis = await startRedis(logDir);
  const dbUrl = benchEnvironment(BENCH_DB, BENCH_PREFIX);
  process.env.REDIS_URL = redis.url;
  process.env.TELEPHONY = 'emulator';
  process.env.LOG_LEVEL = 'warn';

  const { createDb } = await import('@/db/client');
  const { env } = await import('@/lib/platform/config/env');
  const { telephonyConfigFrom } = await import('@/lib/telephony/config');
  const { reconcileCallbacks } = await import('@/lib/callbacks/reconcile');
  const { closeQueues, queue } = await import('@/lib/platform/jobs/queues');
  const { QUEUE_NAMES } = await import('@/lib/platform/jobs/registry');
  const { sharedRedis } = await import('@/lib/platform/redis/connection');

  const database = await openBenchDatabase(dbUrl);
  const handle = createDb(dbUrl.toString(), { max: 4 });
  const sql = handle.sql;
  const processes = new Map<string, SoakProcess>();
  const proxy = await startPgProxy({ host: dbUrl.hostname, port: Number(dbUrl.port || 5432) });
  let failedLogs = false;
  try {
    log(`seeding ${managerCount} managers, ${agentCount} agents and ${visitCount} visits sampled into callbacks …`);
    const seedStarted = performance.now();
    const world = await seedSoakWorld(handle.db, { agents: agentCount, managers: managerCount, visits: visitCount, password: PASSWORD, timeZone: env().APP_TIMEZONE, log: (l) => log(`  ${l}`) });
    log(`  ${world.callbacks} callbacks; seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    await sql`analyze`;
    // The bench's own queue connections (the seeding enqueued the due timers) would only complain
    // through the Redis restart; the checks open them again.
    await closeQueues();
    sharedRedis().disconnect();

    await ensureSoakBuild(ROOT, log, path.join(logDir, 'next-build.log'));
    const ids = actionIds(path.join(ROOT, SOAK_DIST_DIR));
    const action = {
      takeNext: ids('app/(app)/desk/actions.ts', 'takeNextAction'),
      submit: ids('app/(app)/desk/actions.ts', 'submitCallbackAction'),
      createVisit: ids('app/(app)/visits/actions.ts', 'createVisitAction'),
      closeMonth: ids('app/(app)/assessment/actions.ts', 'closeMonthAction'),
    };

    // ---- The stack: emulator, web, two workers; web and workers reach PostgreSQL through the proxy. ----
    const port = await freePort();
    const emulatorPort = await freePort();
    const base = new URL(`http://127.0.0.1:${port}`);
    const proxiedDb = new URL(dbUrl);
    proxiedDb.hostname = '127.0.0.1';
    proxiedDb.port = String(proxy.port);
    const stackEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...soakBuildEnv(),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: proxiedDb.toString(),
      REDIS_URL: redis.url,
      QUEUE_PREFIX: BENCH_PREFIX,
      NEXTAUTH_SECRET: SECRET,
      NEXTAUTH_URL: base.origin,
      PUBLIC_BASE_URL: base.origin,
      TELEPHONY: 'emulator',
      TWILIO_EMULATOR_PORT: String(emulatorPort),
      TWILIO_EMULATOR_URL: `http://127.0.0.1:${emulatorPort}`,
      TWILIO_EMULATOR_TIME_SCALE: String(timeScale),
      UPLOAD_DIR: path.join(logDir, 'uploads'),
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    };
    mkdirSync(path.join(logDir, 'uploads'), { recursive: true });
    const specs: Record<string, ProcessSpec> = {
      emulator: { name: 'emulator', args: ['scripts/twilio-emulator.ts'], env: { ...stackEnv, HUIFANG_SERVICE: 'telephony' }, ready: /Twilio emulator listening/ },
      web: { name: 'web', args: ['scripts/web-server.ts', '--port', String(port), '--hostname', '127.0.0.1'], env: { ...stackEnv, HUIFANG_SERVICE: 'web', LOG_LEVEL: 'warn' }, ready: /Huifang web on/ },
      'worker-1': { name: 'worker-1', args: ['workers/index.ts'], env: { ...stackEnv, HUIFANG_SERVICE: 'worker-1' }, ready: /worker started/ },
      'worker-2': { name: 'worker-2', args: ['workers/index.ts'], env: { ...stackEnv, HUIFANG_SERVICE: 'worker-2' }, ready: /worker started/ },
    };
    for (const spec of Object.values(specs)) spec.nodeArgs = [...TRACE_GC_ARGS, ...nodeArgsFor(spec.name)];
    const start = async (name: string) => {
      const p = startProcess(ROOT, logDir, specs[name]);
      processes.set(name, p);
      await p.ready;
      return p;
    };
    await Promise.all(Object.keys(specs).map(start));
    log(`stack up: web ${base.origin}, emulator :${emulatorPort}, PostgreSQL through the proxy :${proxy.port}, Redis :${redis.port}`);

    // The seeded callbacks become ready as the workers' due timers fire.
    for (const started = Date.now(); Date.now() - started < 120_000; await sleep(1000)) {
      const [{ ready }] = await sql<{ ready: number }[]>`select count(*)::int as ready from callback_tasks where state = 'ready'`;
      if (ready >= world.callbacks * 0.9) break;
    }

    // ---- Everyone signs in as people do. ----
    const stats = new SoakStats(FAULT_GRACE_MS);
    const http = new SoakHttp(base, stats);
    const agents = world.agents.map((a) => new Person(a.username, a.id));
    const managers = world.managers.map((m) => new Person(m.username, m.id));
    const staff = new Person(world.staff.username, world.staff.id);
    const everyone = [...agents, ...managers, staff];
    for (let i = 0; i < everyone.length; i += 10) await Promise.all(everyone.slice(i, i + 10).map((p) => http.signIn(p, PASSWORD)));
    log(`${everyone.length} people signed in`);
    // Warm-up requests (compiling each route's first use) are not the run's figures.
    stats.latencies.clear();
    stats.statuses.clear();
    stats.errors.length = 0;
    stats.requests = 0;

    // ---- The run. ----
    const runStarted = Date.now();
    const stopAt = runStarted + minutes * 60_000;
    const rss = new RssSampler(() => Object.fromEntries(STACK_PROCESSES.map((name) => [name, processes.get(name)?.child.pid])));
    rss.start(3000);
    const agentCounters = newCounters();
    const managerCounters = newManagerCounters();
    const staffCounters = newStaffCounters();
    const replayCounters = { replayed: 0, refused: new Map<string, number>() };
    const agentCtx: AgentContext = { http, takeActionId: action.takeNext, submitActionId: action.submit, timeScale, thinkMs, stopAt, knockOutShare: 0.15, counters: agentCounters };
    const load = [
      ...agents.map((a) => runAgent(agentCtx, a)),
      ...managers.map((m) =>
        runManager({ http, sql, createVisitActionId: action.createVisit, thinkMs: thinkMs * 1.5, stopAt, timeZone: env().APP_TIMEZONE, counters: managerCounters }, m),
      ),
      runStaff({ http, closeMonthActionId: action.closeMonth, month: world.closedMonth, everyMs: Math.min(120_000, (minutes * 60_000) / 4), stopAt, counters: staffCounters }, staff),
      runWebhookReplay({ http, emulatorUrl: `http://127.0.0.1:${emulatorPort}`, accountSid: telephonyConfigFrom(env()).accountSid, authToken: telephonyConfigFrom(env()).authToken, everyMs: 20_000, callsPerRound: 15, stopAt, counters: replayCounters }),
    ];

    const at = (fraction: number) => runStarted + fraction * minutes * 60_000;
    // Over the last half, ten times (every 30 s in 10 minutes): a full collection in each process, then its RSS (see rss.ts).
    const collections = (async () => {
      for (let next = at(0.5); next < stopAt; next += (minutes * 60_000) / 2 / 10) {
        await sleep(next - Date.now());
        for (const name of STACK_PROCESSES) {
          const p = processes.get(name);
          if (!p?.child.pid) continue;
          try {
            await collectGarbage(await p.inspector);
            rss.recordAfterCollection(name, p.child.pid);
          } catch (error) {
            log(`  forced collection in ${name} failed: ${(error as Error).message}`);
          }
        }
      }
    })();
    // Faults, all in the first half (the last half is for RSS to show it stays flat).
    const faults = (async () => {
      await sleep(at(0.12) - Date.now());
      log('fault: SIGKILL worker-1, restarted 10 s later');
      const kill = stats.openFault('worker killed');
      processes.get('worker-1')!.child.kill('SIGKILL');
      await processes.get('worker-1')!.exited;
      await sleep(10_000);
      await start('worker-1');
      stats.closeFault(kill);
      log('  worker-1 back');

      await sleep(at(0.22) - Date.now());
      log('fault: Redis restarted (every key lost), down 3 s');
      const restart = stats.openFault('redis restarted');
      await redis.restart(3000);
      stats.closeFault(restart);
      log('  Redis back, empty');

      await sleep(at(0.34) - Date.now());
      log('fault: PostgreSQL stalled 5 s at the proxy');
      const stall = stats.openFault('postgres stalled');
      await proxy.stall(5000);
      stats.closeFault(stall);
      log('  PostgreSQL flowing again');
    })();
    const progress = setInterval(() => {
      const elapsed = (Date.now() - runStarted) / 1000;
      log(
        `${elapsed.toFixed(0)} s: ${stats.requests} requests, ${stats.errors.length} errors; taken ${agentCounters.taken}, calls ${agentCounters.calls}, submitted ${agentCounters.submitted}, ` +
          `auto ${agentCounters.autoRecorded}; visits ${managerCounters.visits}, disputes ${managerCounters.disputes}; closes ${staffCounters.closes}, exports ${staffCounters.exports}; replayed ${replayCounters.replayed}`,
      );
    }, 30_000);
    await Promise.all([...load, faults, collections]);
    clearInterval(progress);
    const runEnded = Date.now();
    rss.stop();
    log(`load stopped after ${((runEnded - runStarted) / 60_000).toFixed(1)} minutes; waiting for the queues to drain …`);

    // ---- Drain: the jobs the run left (verdicts, sampling, calls' follow-ups). ----
    const drainStarted = Date.now();
    for (;;) {
      const counts = await Promise.all(QUEUE_NAMES.filter((q) => q !== 'callback-timers').map((q) => queue(q).getJobCounts('waiting', 'active', 'prioritized')));
      const pending = counts.reduce((a, c) => a + (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0), 0);
      if (pending === 0 || Date.now() - drainStarted > 180_000) {
        log(`  ${pending} jobs pending after ${((Date.now() - drainStarted) / 1000).toFixed(0)} s`);
        break;
      }
      await sleep(1000);
    }

    // ---- Checks. ----
    const dup = await duplicateHolds(sql, agentCounters);
    const lost = await lostCallbacks(sql, () => reconcileCallbacks({ db: handle.db, now: new Date(), dryRun: true }));
    const integrity = await integrityAudit(ROOT, { ...process.env, DATABASE_URL: dbUrl.toString(), REDIS_URL: redis.url, QUEUE_PREFIX: BENCH_PREFIX, LOG_LEVEL: 'warn' });
    // The last half of the load (not the drain after it).
    const loadEnded = Math.min(runEnded, stopAt);
    const half = runStarted + (loadEnded - runStarted) / 2;
    const rssGrowth: Record<string, number | null> = {};
    const sampledGrowth: Record<string, number | null> = {};
    const heapGrowth: Record<string, number | null> = {};
    const orNull = (g: number | null) => (g === null ? null : round(g));
    for (const name of STACK_PROCESSES) {
      rssGrowth[name] = orNull(rss.growthPct(name, half, loadEnded, 'after-collection'));
      sampledGrowth[name] = orNull(rss.growthPct(name, half, loadEnded, 'sampled'));
      heapGrowth[name] = orNull(growthOverWindow((heapAfterGc.get(name) ?? []).map((x) => ({ at: x.at, value: x.mb })), half, loadEnded));
    }
    // p99 per route of the requests clear of the fault windows (those are counted and shown apart).
    const p99: Record<string, number> = {};
    const routeLines: string[] = [];
    for (const route of [...stats.latencies.keys()].sort()) {
      const clear = stats.durations(route, true);
      const all = stats.durations(route, false);
      if (clear.length > 0) p99[route] = round(percentile(clear, 99));
      const statuses = [...(stats.statuses.get(route) ?? new Map()).entries()].map(([s, n]) => `${s}×${n}`).join(' ');
      const ms = (xs: number[], p: number) => (xs.length ? percentile(xs, p).toFixed(0) : '—').padStart(6);
      routeLines.push(
        `  ${route.padEnd(50)} n=${String(clear.length).padStart(6)} p50 ${ms(clear, 50)} p99 ${ms(clear, 99)} max ${ms(clear, 100)} ms` +
          ` | with faults n=${String(all.length).padStart(6)} p99 ${ms(all, 99)} max ${ms(all, 100)} ms  [${statuses}]`,
      );
    }
    const errors5xx = stats.errors.filter((e) => !e.duringFault);
    const errorsDuringFaults = stats.errors.filter((e) => e.duringFault);

    // ---- Figures. ----
    console.log('');
    console.log(`run: ${minutes} min, ${stats.requests} requests (${(stats.requests / ((runEnded - runStarted) / 1000)).toFixed(1)}/s)`);
    console.log(
      `agents: ${agentCounters.taken} taken (${agentCounters.none} found none), ${agentCounters.calls} calls, ${agentCounters.answered} answered, ${agentCounters.submitted} submitted, ` +
        `${agentCounters.autoRecorded} recorded by the call, ${agentCounters.released} released; refusals ${JSON.stringify(Object.fromEntries(agentCounters.refused))}`,
    );
    console.log(`managers: ${managerCounters.visits} visits reported, ${managerCounters.disputes} disputes filed; refusals ${JSON.stringify(Object.fromEntries(managerCounters.visitRefusals))} ${JSON.stringify(Object.fromEntries(managerCounters.disputeRefusals))}`);
    console.log(`staff: ${staffCounters.closes} closes of ${world.closedMonth}, ${staffCounters.exports} exports; refusals ${JSON.stringify(Object.fromEntries(staffCounters.closeRefusals))} ${JSON.stringify(Object.fromEntries(staffCounters.exportRefusals))}`);
    console.log(`webhooks replayed: ${replayCounters.replayed}; not 2xx ${JSON.stringify(Object.fromEntries(replayCounters.refused))}`);
    console.log(`faults: ${stats.faults.map((f) => `${f.kind} ${((f.end - f.start) / 1000).toFixed(1)} s`).join('; ')}`);
    console.log('routes (requests clear of the fault windows | all):');
    routeLines.forEach((l) => console.log(l));
    console.log(`errors (5xx, dropped, failed actions): ${errors5xx.length} outside faults, ${errorsDuringFaults.length} during faults`);
    console.log(`requests sent again on a new connection (the server had closed the kept-alive one while idle, as a browser retries): ${stats.staleConnectionRetries}`);
    for (const e of [...errors5xx.slice(0, 15), ...errorsDuringFaults.slice(0, 5)])
      console.log(`  ${e.duringFault ? '[fault] ' : ''}${new Date(e.at).toISOString().slice(11, 23)} ${e.route} ${e.status} ${e.body.replace(/\s+/g, ' ').slice(0, 160)}`);
    console.log(`duplicates: ${dup.duplicates} tasks taken while held (of ${dup.takes} takes); ${dup.unrecorded} holds told to an agent without their audit entry`);
    console.log(`lost: ${lost.lost} (without a due timer ${lost.missingDue}, without a lease timer ${lost.missingLease}, overdue ${lost.overdue}); callbacks by state ${JSON.stringify(lost.byState)}`);
    console.log(`integrity audit: ${integrity.problems} problems; counts ${JSON.stringify(integrity.counts)}; info ${JSON.stringify(integrity.info)}`);
    for (const name of Object.keys(rssGrowth)) {
      const range = (r: ReturnType<typeof rss.rangeMb>) => (r ? `${r.min}–${r.max} MB, last ${r.last} MB` : '—');
      const collected = (rss.afterCollection.get(name) ?? []).filter((x) => x.at >= half && x.at <= loadEnded).length;
      const heap = (heapAfterGc.get(name) ?? []).filter((x) => x.at >= half && x.at <= loadEnded).map((x) => x.mb);
      console.log(
        `rss ${name} over the last half: after ${collected} forced collections ${range(rss.rangeMb(name, half, loadEnded, 'after-collection'))}, growth ${rssGrowth[name] ?? '—'} %; ` +
          `sampled every 3 s ${range(rss.rangeMb(name, half, loadEnded))}, growth ${sampledGrowth[name] ?? '—'} %; ` +
          `V8 heap after its own full collections ${heap.length ? `${Math.min(...heap)}–${Math.max(...heap)} MB (${heap.length})` : '—'}, growth ${heapGrowth[name] ?? '—'} %`,
      );
    }

    // Every RSS sample, for a look at a process's curve.
    writeFileSync(
      path.join(logDir, 'rss.csv'),
      ['process,seconds,rss_kb', ...[...rss.samples.entries()].flatMap(([name, list]) => list.map((x) => `${name},${((x.at - runStarted) / 1000).toFixed(0)},${x.kb}`))].join('\n') + '\n',
    );
    console.log(`rss samples: ${path.join(logDir, 'rss.csv')}`);
    const duplicates = dup.duplicates + dup.unrecorded;
    const rssOk = Object.values(rssGrowth).every((g) => g !== null && g < RSS_LIMIT_PCT);
    const passed = errors5xx.length === 0 && duplicates === 0 && lost.lost === 0 && integrity.problems === 0 && rssOk;
    if (!passed) {
      failedLogs = true;
      if (Number.isNaN(integrity.problems)) console.log(`integrity audit output:\n${integrity.output.slice(0, 2000)}`);
    }
    console.log(
      JSON.stringify({
        bench: 'soak',
        minutes,
        requests: stats.requests,
        errors_5xx: errors5xx.length,
        errors_5xx_during_faults: errorsDuringFaults.length,
        duplicates,
        lost: lost.lost,
        integrity_problems: integrity.problems,
        rss_growth_pct: rssGrowth,
        rss_sampled_growth_pct: sampledGrowth,
        heap_after_gc_growth_pct: heapGrowth,
        p99_ms: p99,
        passed,
      }),
    );
    if (!passed) process.exitCode = 1;
  } catch (error) {
    failedLogs = true;
    throw error;
  } finally {
    await Promise.all([...processes.values()].map((p) => stopProcess(p)));
    closeLogs();
    await closeQueues();
    await proxy.close();
    await handle.close();
    await redis.stop();
    await database.close(keep);
    if (failedLogs) console.log(`logs of the stack: ${logDir} (${[...processes.keys(), 'redis'].map((n) => `${n}.log`).join(', ')})`);
  }
}
