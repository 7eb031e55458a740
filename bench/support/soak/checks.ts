import { spawn } from 'node:child_process';
import type postgres from 'postgres';
import type { AgentCounters } from './agents';

/**
 * What the soak checks once the load has stopped and the queues have drained.
 */

/**
 * Takes of a callback while it was already held, from the audit log's order: in each task's
 * trail, a 'callback.taken' whose previous entry is also 'callback.taken' (every way a hold ends —
 * an outcome and its retry coming due, a release, a lapsed lease, a cancellation — writes an entry
 * of its own between two takes). The claim bench and the soak both check it.
 */
export async function takenWhileHeld(sql: postgres.Sql): Promise<{ duplicates: number; takes: number }> {
  const [dup] = await sql<{ duplicates: number; takes: number }[]>`
    with seq as (
      select entity_id, action, lag(action) over (partition by entity_id order by id) as previous
        from audit_log where entity_type = 'callback_task'
    )
    select count(*) filter (where action = 'callback.taken' and previous = 'callback.taken')::int as duplicates,
           count(*) filter (where action = 'callback.taken')::int as takes
      from seq`;
  return dup;
}

/**
 * A callback handed to two agents: taken while held (takenWhileHeld), and, from the agents' side,
 * a hold an agent was told of without its audit entry.
 */
export async function duplicateHolds(sql: postgres.Sql, counters: AgentCounters): Promise<{ duplicates: number; takes: number; unrecorded: number }> {
  const dup = await takenWhileHeld(sql);
  const recorded = await sql<{ taskId: string; actorId: string }[]>`
    select entity_id::text as "taskId", actor_id::text as "actorId" from audit_log where action = 'callback.taken'`;
  const known = new Set(recorded.map((r) => `${r.taskId}/${r.actorId}`));
  const unrecorded = counters.held.filter((h) => !known.has(`${h.taskId}/${h.agentId}`)).length;
  return { duplicates: dup.duplicates, takes: dup.takes, unrecorded };
}

/**
 * A lost callback: an open one whose timer is not in Redis (reconcile, run dry, lists what it
 * would add: a waiting task without its due timer, a held one without its lease timer), or whose
 * timer should have fired long ago and did not (due or lease time over two minutes past).
 */
export async function lostCallbacks(
  sql: postgres.Sql,
  dryReconcile: () => Promise<{ added: { due: number; lease: number } }>,
): Promise<{ lost: number; missingDue: number; missingLease: number; overdue: number; byState: Record<string, number> }> {
  const report = await dryReconcile();
  const [overdue] = await sql<{ n: number }[]>`
    select count(*)::int as n from callback_tasks
     where (state = 'waiting' and next_attempt_at < now() - interval '2 minutes')
        or (state = 'held' and lease_expires_at < now() - interval '2 minutes')`;
  const states = await sql<{ state: string; n: number }[]>`select state::text, count(*)::int as n from callback_tasks group by state order by state`;
  return {
    lost: report.added.due + report.added.lease + overdue.n,
    missingDue: report.added.due,
    missingLease: report.added.lease,
    overdue: overdue.n,
    byState: Object.fromEntries(states.map((s) => [s.state, s.n])),
  };
}

/** `npm run cli -- audit-integrity --json` on the soak's database: the problems it lists. */
export async function integrityAudit(root: string, env: NodeJS.ProcessEnv): Promise<{ problems: number; counts: unknown; info: unknown; output: string }> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/cli.ts', 'audit-integrity', '--json'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve(out));
  });
  const line = output.split('\n').find((l) => l.startsWith('{') && l.includes('"problemCount"'));
  if (!line) return { problems: Number.NaN, counts: null, info: null, output };
  const parsed = JSON.parse(line) as { problemCount: number; counts: unknown; info: unknown };
  return { problems: parsed.problemCount, counts: parsed.counts, info: parsed.info, output };
}
