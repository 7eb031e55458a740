/**
 * A separate process placing calls (telephony-rate.test.ts starts several): connects to the
 * test's database, says "ready", waits for "go" on stdin, then places a call for each
 * `agentId:taskId` argument at once and prints one JSON line per result.
 */
import { createInterface } from 'node:readline';
import { eq } from 'drizzle-orm';
import { createDb } from '@/db/client';
import { users } from '@/db/schema';
import { env } from '@/lib/platform/config/env';
import { placeCall } from '@/lib/telephony/calls';

async function main() {
  const handle = createDb(env().DATABASE_URL, { max: 4 });
  const pairs = process.argv.slice(2).map((arg) => arg.split(':') as [string, string]);
  const agents = await Promise.all(pairs.map(async ([agentId]) => (await handle.db.select().from(users).where(eq(users.id, agentId)))[0]));
  process.stdout.write('ready\n');
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve) => lines.once('line', () => resolve()));
  const results = await Promise.allSettled(
    pairs.map(([, taskId], i) =>
      placeCall({
        ctx: { db: handle.db, actor: { id: agents[i].id, username: agents[i].username, displayName: agents[i].displayName, role: agents[i].role, unitId: agents[i].unitId }, now: () => new Date() },
        input: { taskId },
      }),
    ),
  );
  for (const r of results) process.stdout.write(JSON.stringify(r.status === 'fulfilled' ? { ok: true, id: r.value.id } : { ok: false, error: String(r.reason) }) + '\n');
  lines.close();
  await handle.close();
  process.exit(0);
}

void main();
