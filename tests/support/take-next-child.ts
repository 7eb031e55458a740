/**
 * A second process for the "take next" concurrency test: it connects to the same test database
 * (DATABASE_URL) and Redis namespace (QUEUE_PREFIX), says "ready", waits for "go" on stdin so both
 * processes start together, then takes next for each of its agents at once and prints one JSON
 * line of { agentId, taskId | null }.
 */
import { createInterface } from 'node:readline';
import { inArray } from 'drizzle-orm';
import { createDb } from '@/db/client';
import { users } from '@/db/schema';
import { takeNextCallback } from '@/lib/desk/take';
import { closeQueues } from '@/lib/platform/jobs/queues';
import { env } from '@/lib/platform/config/env';
import { actorOf } from '@/lib/auth/actor';

async function main() {
  const agentIds = JSON.parse(process.argv[2] ?? '[]') as string[];
  const now = new Date(process.argv[3] ?? Date.now());
  const handle = createDb(env().DATABASE_URL, { max: 10 });
  const rows = await handle.db.select().from(users).where(inArray(users.id, agentIds));
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  const results = await Promise.all(
    rows.map(async (u) => {
      const ctx = { db: handle.db, actor: actorOf(u), now: () => now };
      const r = await takeNextCallback({ ctx });
      return { agentId: u.id, taskId: r.status === 'held' ? r.task.id : null };
    }),
  );
  process.stdout.write(`${JSON.stringify(results)}\n`);
  lines.close();
  await closeQueues();
  await handle.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
