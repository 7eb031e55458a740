import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from './support/free-port';
import { takenWhileHeld } from './support/soak/checks';
import { machine } from './support/measure';
import { openBenchDatabase, option, benchEnvironment } from './support/database';

/**
 * `npm run bench -- claim [--tasks N] [--agents N] [--seconds N] [--rate N] [--finish complete|release] [--keep] [--profile DIR]`
 *
 * "Take next callback" over HTTP on loopback against the built web app and its worker (the demo's
 * stack), with a bench database of its own holding a queue deep enough not to run dry (20,000
 * callbacks by default, built through the customer and visit imports and the sampling at 100 %, made ready by
 * the worker's timers) and 100 bench agents who sign in as people do, one per connection. An agent holds one task at a time, so each claim is the
 * desk's "save and next": POST /api/callbacks/next finishes the agent's current task first
 * (records it completed as a manual call, there being no telephony here — or, with --finish
 * release, puts it back) and takes the next, in one request (finish and take being one SQL
 * statement, lib/desk/next.ts); the latency measured is that whole request.
 *  (a) fixed rate: claims started at 100/s (--rate), spread evenly (an open load: a start is not
 *      held back by a slow response) — about 12,000 agents each taking one callback every two
 *      minutes; p50/p99 latency. Target p99 < 50 ms at 100/s.
 *  (b) closed loop, as fast as it goes (autocannon, 100 connections): claims/s, and the ratio to
 *      the requests/s of a trivial authenticated JSON route of the same server (GET /api/me: the
 *      same session check, no queue work). Target ≥ 0.5.
 * Afterwards: every claim must have named a distinct task (completed tasks never come back), and
 * the audit log is read back — a task taken while already held would be a duplicate.
 * Prints figures, then one JSON line.
 */
const BENCH_DB = 'huifang_bench_claim';
const BENCH_PREFIX = '{huifang-bench-claim}';
const SECRET = 'bench-claim-secret-not-for-production-0123456789';
const PASSWORD = 'bench-password-2026';

interface BenchAgent {
  id: string;
  cookie: string;
  http: http.Agent;
  /** The task this agent holds (finished by its next claim). */
  held?: string;
}

/** What one autocannon connection carries through a claim. */
interface CycleContext {
  agent?: BenchAgent;
}

interface Reply {
  status: number;
  body: string;
  ms: number;
}

function send(base: URL, agent: BenchAgent, method: string, path: string, body?: unknown, form = false): Promise<Reply & { setCookies: string[] }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body);
    const contentType = form ? 'application/x-www-form-urlencoded' : 'application/json';
    const started = process.hrtime.bigint();
    const req = http.request(
      {
        host: base.hostname,
        port: base.port,
        method,
        path,
        agent: agent.http,
        headers: {
          cookie: agent.cookie,
          ...(payload ? { origin: base.origin, 'content-type': contentType, 'content-length': Buffer.byteLength(payload) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: text, ms: Number(process.hrtime.bigint() - started) / 1e6, setCookies: res.headers['set-cookie'] ?? [] }),
        );
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** next-auth's sign-in: its CSRF token (double-submit cookie), then the credentials form; returns the session cookie. */
async function signIn(base: URL, agent: BenchAgent, username: string): Promise<string> {
  // Its own short-lived connection: signing in 100 agents takes a while, and a kept-alive socket
  // left idle meanwhile is closed by the server just as the measurement would reuse it.
  const once = { ...agent, http: new http.Agent({ keepAlive: false }) };
  const csrf = await send(base, once, 'GET', '/api/auth/csrf');
  const cookies = csrf.setCookies.map((c) => c.split(';')[0]);
  once.cookie = cookies.join('; ');
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const answer = await send(base, once, 'POST', '/api/auth/callback/credentials', { csrfToken, username, password: PASSWORD, json: 'true' }, true);
  const session = answer.setCookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('next-auth.session-token='));
  if (!session) throw new Error(`sign-in of ${username} answered ${answer.status} without a session: ${answer.body.slice(0, 200)}`);
  return session;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function main(args: string[]): Promise<void> {
  // Deep enough not to run dry: (a) takes rate × seconds, (b) a few hundred a second for as long.
  const tasks = Number(option(args, '--tasks') ?? 20_000);
  const agentCount = Number(option(args, '--agents') ?? 100);
  const seconds = Number(option(args, '--seconds') ?? 20);
  const rate = Number(option(args, '--rate') ?? 100);
  const finish = (option(args, '--finish') ?? 'complete') as 'release' | 'complete';
  const keep = args.includes('--keep');
  // --profile DIR: the web server writes a V8 CPU profile there (for finding where time goes).
  const profileDir = option(args, '--profile');
  if (!['release', 'complete'].includes(finish)) throw new Error('--finish is release or complete');

  // The bench's own database and Redis namespace, set before anything reads the configuration.
  const dbUrl = benchEnvironment(BENCH_DB, BENCH_PREFIX);

  const { default: autocannon } = await import('autocannon');
  const { createDb } = await import('@/db/client');
  const { env } = await import('@/lib/platform/config/env');
  const { sharedRedis } = await import('@/lib/platform/redis/connection');
  const { ensureBuild, startStack, waitForHttp } = await import('@/scripts/support/stack');
  const { stopServices } = await import('@/scripts/support/processes');
  const { seedCallbackQueue } = await import('./support/callback-queue');

  console.log(`machine: ${machine()}`);
  const database = await openBenchDatabase(dbUrl);
  await clearPrefix(sharedRedis(), BENCH_PREFIX);

  const handle = createDb(dbUrl.toString(), { max: 4 });
  const sql = handle.sql;
  let services: Awaited<ReturnType<typeof startStack>> = [];
  try {
    // ---- The queue, through the product's verbs and imports (bench/support/callback-queue.ts). ----
    console.log(`seeding ${tasks.toLocaleString('en')} callbacks and ${agentCount} bench agents through the import and the sampling …`);
    const seedStarted = performance.now();
    const seeded = await seedCallbackQueue(handle.db, { tasks, agents: agentCount, password: PASSWORD, timeZone: env().APP_TIMEZONE, log: (line) => console.log(`  ${line}`) });
    console.log(`  ${seeded.callbacks.toLocaleString('en')} callbacks sampled; seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    await sql`analyze`;

    // ---- The system as it runs in production: web app and worker (its due timers make the tasks ready). ----
    await ensureBuild(process.env);
    const port = await freePort();
    const base = new URL(`http://127.0.0.1:${port}`);
    services = startStack({
      port,
      env: {
        ...process.env,
        DATABASE_URL: dbUrl.toString(),
        QUEUE_PREFIX: BENCH_PREFIX,
        NEXTAUTH_SECRET: SECRET,
        NEXTAUTH_URL: base.origin,
        PUBLIC_BASE_URL: base.origin,
        TWILIO_EMULATOR_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
        // --profile DIR: every process writes a V8 CPU profile there (for finding where time goes);
        // Node 20 refuses --cpu-prof in NODE_OPTIONS, so a preload starts the profiler.
        ...(profileDir
          ? { NODE_OPTIONS: `--import ${pathToFileURL(path.resolve('bench/support/cpu-profile.mjs')).href}`, HUIFANG_CPU_PROFILE_DIR: path.resolve(profileDir) }
          : {}),
      },
    });
    await waitForHttp(`${base.origin}/api/health`, 120_000);
    const readyStarted = performance.now();
    for (;;) {
      const [{ ready }] = await sql<{ ready: number }[]>`select count(*)::int as ready from callback_tasks where state = 'ready'`;
      if (ready >= seeded.callbacks) break;
      if (performance.now() - readyStarted > 600_000) throw new Error(`only ${ready} of ${seeded.callbacks} callbacks became ready in 10 minutes`);
      await sleep(1000);
    }
    console.log(`  all callbacks ready (the worker's due timers) after ${((performance.now() - readyStarted) / 1000).toFixed(1)} s`);
    // The statistics as autovacuum would have them by now (the CI's PostgreSQL runs without it):
    // the queue went from all waiting to all ready since the analyze above.
    await sql`analyze callback_tasks`;

    // Each agent signs in as a person does (next-auth's CSRF token, then the credentials form).
    const agents: BenchAgent[] = [];
    for (const a of seeded.agents) {
      const agent: BenchAgent = { id: a.id, cookie: '', http: new http.Agent({ keepAlive: true, maxSockets: 1 }) };
      agent.cookie = await signIn(base, agent, a.username);
      agents.push(agent);
    }
    const me = await send(base, agents[0], 'GET', '/api/me');
    if (me.status !== 200) throw new Error(`GET /api/me answered ${me.status}: ${me.body}`);

    const claimed: string[] = [];
    /** The body of a claim: finish what the agent holds (if anything), then take the next. */
    const claimBody = (agent: BenchAgent) =>
      agent.held
        ? finish === 'complete'
          ? { finish: { taskId: agent.held, attemptNo: 1, outcome: 'completed', manual: true, notes: '压测：人工拨打，无通话记录' } }
          : { release: { taskId: agent.held, reason: 'break' } }
        : {};
    /** Reads a claim's answer: the agent now holds the task it names. */
    const claimAnswer = (agent: BenchAgent, status: number, body: string): boolean => {
      const parsed = status === 200 ? (JSON.parse(body) as { status: string; task?: { id: string } }) : null;
      agent.held = parsed?.status === 'held' ? parsed.task?.id : undefined;
      if (agent.held) claimed.push(agent.held);
      return agent.held !== undefined;
    };
    const cycle = async (agent: BenchAgent): Promise<{ ms: number; ok: boolean }> => {
      const r = await send(base, agent, 'POST', '/api/callbacks/next', claimBody(agent));
      return { ms: r.ms, ok: claimAnswer(agent, r.status, r.body) };
    };

    // Warm-up: compile paths, fill connection pools.
    await Promise.all(agents.map(async (a) => {
      for (let i = 0; i < 3; i++) {
        await cycle(a);
        await send(base, a, 'GET', '/api/me');
      }
    }));

    // ---- (a) fixed rate. ----
    console.log(`(a) claims at ${rate}/s for ${seconds} s over ${agentCount} connections …`);
    const free = [...agents];
    const latencies: number[] = [];
    let failed = 0;
    let lateStarts = 0;
    const inflight: Promise<void>[] = [];
    const total = rate * seconds;
    const started = performance.now();
    for (let k = 0; k < total; k++) {
      const due = started + (k * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 1) await sleep(wait);
      let agent = free.pop();
      if (!agent) {
        lateStarts++;
        while (!agent) {
          await sleep(1);
          agent = free.pop();
        }
      }
      const a = agent;
      inflight.push(
        cycle(a)
          .then(
            (r) => {
              if (r.ok) latencies.push(r.ms);
              else failed++;
            },
            // A dropped connection is a failed claim, counted, not a crash that leaves the stack running.
            () => void failed++,
          )
          .finally(() => free.push(a)),
      );
    }
    await Promise.all(inflight);
    const achieved = total / ((performance.now() - started) / 1000);
    latencies.sort((x, y) => x - y);
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `(a) ${latencies.length} claims at ${achieved.toFixed(0)}/s: p50 ${p50.toFixed(2)} ms, p90 ${percentile(latencies, 90).toFixed(2)} ms, ` +
        `p99 ${p99.toFixed(2)} ms, max ${latencies.at(-1)?.toFixed(2)} ms; ${failed} failed; ${lateStarts} starts waited for a free agent`,
    );

    // ---- (b) closed loop: the trivial route, then take-next (+ give back), as fast as they go. ----
    const pool = [...agents];
    const trivial = await autocannon({
      url: base.origin,
      connections: agentCount,
      duration: seconds,
      requests: [
        {
          method: 'GET',
          path: '/api/me',
          setupRequest: (req, raw: object) => {
            const context = raw as CycleContext;
            context.agent ??= pool[Math.floor(Math.random() * pool.length)];
            return { ...req, headers: { ...req.headers, cookie: context.agent.cookie } };
          },
        },
      ],
    });
    const trivialRps = trivial.requests.total / (trivial.duration || seconds);
    if (trivial.non2xx > 0) throw new Error(`/api/me answered non-2xx ${trivial.non2xx} times`);
    console.log(`(b) GET /api/me: ${trivialRps.toFixed(0)} req/s (p50 ${trivial.latency.p50} ms, p99 ${trivial.latency.p99} ms)`);

    let claims = 0;
    let closedFailed = 0;
    const idle = [...agents];
    const claimRun = await autocannon({
      url: base.origin,
      connections: agentCount,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/api/callbacks/next',
          // A connection borrows a free agent for one claim (its context lives for one request).
          setupRequest: (req, raw: object) => {
            const context = raw as CycleContext;
            const agent = idle.pop();
            if (!agent) throw new Error('no free bench agent');
            context.agent = agent;
            return {
              ...req,
              headers: { ...req.headers, cookie: agent.cookie, origin: base.origin, 'content-type': 'application/json' },
              body: JSON.stringify(claimBody(agent)),
            };
          },
          onResponse: (status, body, raw: object) => {
            const { agent } = raw as CycleContext;
            if (!agent) return;
            if (claimAnswer(agent, status, body)) claims++;
            else closedFailed++;
            idle.push(agent);
          },
        },
      ],
    });
    const claimsPerSecond = claims / (claimRun.duration || seconds);
    const ratio = claimsPerSecond / trivialRps;
    console.log(
      `(b) claims (${finish} + take next): ${claimsPerSecond.toFixed(0)}/s (p50 ${claimRun.latency.p50} ms, p99 ${claimRun.latency.p99} ms; ${closedFailed} failed); ` +
        `ratio to GET /api/me ${ratio.toFixed(3)}`,
    );

    // ---- Duplicates: a task taken while it was already held, from the audit log's order. ----
    const dup = await takenWhileHeld(sql);
    const distinct = new Set(claimed).size;
    // Completed tasks never come back, so each claim must name a new task; put-back ones are first
    // in line again (--finish release), and there the audit order still catches a double hold.
    const duplicates = dup.duplicates + (finish === 'complete' ? claimed.length - distinct : 0);
    console.log(`claims handed out: ${claimed.length} (${distinct} distinct tasks); audit: ${dup.takes} takes, ${dup.duplicates} taken while held; duplicates ${duplicates}`);

    console.log(
      `targets: p99 < 50 ms at ${rate}/s → ${p99 < 50 ? 'met' : 'NOT met'}; throughput ratio ≥ 0.5 → ${ratio >= 0.5 ? 'met' : 'NOT met'}; duplicates = 0 → ${duplicates === 0 ? 'met' : 'NOT met'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'claim',
        // (a): the rate asked for, the rate reached, and the latency at it.
        fixed_rate: rate,
        achieved_rate: Math.round(achieved),
        p50_ms: round(p50),
        p99_ms: round(p99),
        // (b): closed loop, and its ratio to the trivial route.
        claims_per_s: Math.round(claimsPerSecond),
        me_rps: Math.round(trivialRps),
        throughput_ratio: Number(ratio.toFixed(3)),
        duplicates,
      }),
    );
  } finally {
    await stopServices(services);
    await handle.close();
    await clearPrefix(sharedRedis(), BENCH_PREFIX);
    sharedRedis().disconnect();
    await database.close(keep);
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Deletes the bench's own Redis keys (never FLUSHALL: the server is shared). */
async function clearPrefix(redis: import('ioredis').Redis, prefix: string) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
