import { sql } from 'drizzle-orm';
import { afterAll, beforeEach } from 'vitest';
import type { Db } from '@/db/client';
import { callbackTasks } from '@/db/schema';
import { env } from '@/lib/platform/config/env';
import { closeQueues, queue } from '@/lib/platform/jobs/queues';
import { sharedRedis } from '@/lib/platform/redis/connection';
import { policyDefinitions, type PolicyValue } from '@/lib/policy/definitions';
import { savePolicyVersion } from '@/lib/policy/policies';
import { ctxAs, makeContact, makeCustomer, makeUnit, makeUser } from './factories';

/**
 * Callback fixtures: a unit, a manager, customers with a contact each, visits and their callback
 * tasks, written in a few statements so a test can have hundreds of tasks cheaply.
 */
export async function makeCallbackWorld(
  db: Db,
  options: {
    tasks: number;
    state?: 'waiting' | 'ready';
    classes?: ('A' | 'B' | 'C' | 'D')[];
    /** First visit instant; each next task's visit is one minute later. */
    visitedFrom?: Date;
    nextAttemptAt?: Date;
  },
) {
  const unit = await makeUnit(db);
  const manager = await makeUser(db, 'manager', { unitId: unit.id });
  const classes = options.classes ?? ['A', 'B', 'C', 'D'];
  const customers = [];
  for (const cls of classes) {
    const customer = await makeCustomer(db, unit.id, { class: cls });
    const contact = await makeContact(db, customer.id);
    customers.push({ ...customer, contact });
  }
  const visitedFrom = options.visitedFrom ?? new Date('2026-11-02T02:00:00Z');
  const nextAttemptAt = options.nextAttemptAt ?? visitedFrom;
  const n = options.tasks;
  // Array literals ('{a,b}'): drizzle would spread a JS array into a row of parameters.
  const literal = (values: string[]) => `{${values.join(',')}}`;
  const customerIds = literal(customers.map((c) => c.id));
  const contactIds = literal(customers.map((c) => c.contact.id));
  const classList = literal(customers.map((c) => c.class));
  const k = customers.length;
  // Visit i is for customer i mod k; its task copies the customer's class.
  await db.execute(sql`
    with v as (
      insert into visit_reports (manager_id, customer_id, type, visited_at, reported_at, purpose, created_by)
      select ${manager.id}, (${customerIds}::uuid[])[1 + (i % ${k})], 'on_site',
             ${visitedFrom.toISOString()}::timestamptz + make_interval(mins => i), ${visitedFrom.toISOString()}::timestamptz + make_interval(mins => i + 60),
             '回访测试拜访 ' || i, ${manager.id}
      from generate_series(0, ${n - 1}) as i
      returning id, customer_id, visited_at
    ), vc as (
      insert into visit_report_contacts (visit_id, contact_id)
      select v.id, (${contactIds}::uuid[])[array_position(${customerIds}::uuid[], v.customer_id)] from v
    )
    insert into callback_tasks (visit_id, customer_id, manager_id, unit_id, customer_class, visited_at, state, next_attempt_at)
    select v.id, v.customer_id, ${manager.id}, ${unit.id},
           ((${classList}::text[])[array_position(${customerIds}::uuid[], v.customer_id)])::customer_class,
           v.visited_at, ${options.state ?? 'ready'}::callback_state, ${nextAttemptAt.toISOString()}
    from v`);
  // Verification callbacks: each has its visit (the column is null only for other campaign kinds).
  const tasks = (await db.select().from(callbackTasks)).map((t) => ({ ...t, visitId: t.visitId! }));
  return { unit, manager, customers, tasks };
}

export async function makeAgents(db: Db, n: number) {
  const agents = [];
  for (let i = 0; i < n; i++) agents.push(await makeUser(db, 'agent'));
  return agents;
}

/**
 * Empties this test worker's Redis namespace (its QUEUE_PREFIX) — a FLUSHDB limited to our own
 * keys: the Redis server is shared with other runs and services, so never FLUSHALL.
 */
export async function flushQueuePrefix(): Promise<number> {
  const redis = sharedRedis();
  const pattern = `${env().QUEUE_PREFIX}:*`;
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== '0');
  return deleted;
}

/** Ids of the callback timers waiting to fire (delayed or waiting) in this worker's namespace. */
export async function pendingTimerIds(): Promise<string[]> {
  const q = queue('callback-timers');
  const ids = await q.getRanges(['delayed', 'wait', 'prioritized', 'active'], 0, -1, true);
  return ids.filter((id) => id.startsWith('callback.')).sort();
}

/**
 * Tests that run on the real clock (BullMQ timers fire in real time) cannot depend on the hour
 * they run at: this calling policy, in force from long ago, is open around the clock.
 */
export async function callAroundTheClock(db: Db, overrides: Partial<PolicyValue<'calling'>> = {}) {
  const staff = await makeUser(db, 'staff');
  await savePolicyVersion({
    ctx: ctxAs(db, staff, new Date('2020-01-01T00:00:00Z')),
    input: {
      key: 'calling',
      effectiveFrom: '2020-01-01',
      value: {
        ...policyDefinitions.calling.defaults,
        windows: [{ start: '00:00', end: '24:00' }],
        weekdays: [1, 2, 3, 4, 5, 6, 7],
        ...overrides,
      },
    },
  });
}

/**
 * At a test file's top level: every test starts with this run's queue namespace empty (no job or
 * timer left by the one before), and the queues close once the file is done.
 */
export function emptyQueuesForEachTest(): void {
  beforeEach(async () => {
    await flushQueuePrefix();
  });
  afterAll(async () => {
    await flushQueuePrefix();
    await closeQueues();
  });
}
