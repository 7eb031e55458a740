import type { Job } from 'bullmq';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '@/db/client';
import { visitVerdicts } from '@/db/schema';
import { takeNextCallback } from '@/lib/desk/take';
import { OutsideCallingHoursError } from '@/lib/callbacks/errors';
import { deskOverview } from '@/lib/callbacks/queries';
import { translateError } from '@/lib/platform/i18n/translate';
import { staffChannel, userChannel, type LiveEvent } from '@/lib/live/channels';
import { LiveHub } from '@/lib/live/hub';
import { publishLive } from '@/lib/live/publish';
import { liveEventStream } from '@/lib/live/stream';
import { policyDefinitions } from '@/lib/policy/definitions';
import { savePolicyVersion } from '@/lib/policy/policies';
import { parseLocalDateTime } from '@/lib/platform/time/zone';
import { createVisitReport } from '@/lib/visits/visits';
import { assessmentProcessors } from '@/workers/processors/assessment';
import { makeAgents, makeCallbackWorld } from '../support/callbacks';
import { ctxAs, makeClaim, makeContact, makeCustomer, makeUnit, makeUser } from '../support/factories';
import { testDb } from '../support/worker-setup';

/**
 * Pages that update themselves: what a change publishes on the users' live channels (real Redis,
 * this run's QUEUE_PREFIX namespace), and what one user's SSE stream carries.
 */

let db: Db;
let hub: LiveHub;
const local = (text: string) => parseLocalDateTime(text, 'Asia/Shanghai')!;

beforeAll(() => {
  hub = new LiveHub();
});
afterAll(async () => {
  await hub.close();
});
beforeEach(async () => {
  db = (await testDb()).db;
});

async function waitFor(check: () => boolean, what: string, ms = 5000) {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Collects what a channel receives during a test. */
async function listen(channel: string) {
  const events: LiveEvent[] = [];
  const stop = await hub.subscribe([channel], (e) => events.push(e));
  return { events, stop };
}

/** Reads an SSE stream into text until aborted. */
function read(stream: ReadableStream<Uint8Array>) {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const out = { text: '' };
  const done = (async () => {
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      out.text += decoder.decode(value);
    }
  })();
  return { out, done };
}

describe('a visit evaluated', () => {
  it("tells its manager, their unit's supervisors and staff (topic visit + the visit id) once the verdict is stored, and nobody else", async () => {
    const unit = await makeUnit(db);
    const manager = await makeUser(db, 'manager', { unitId: unit.id });
    const other = await makeUser(db, 'manager', { unitId: unit.id });
    const supervisor = await makeUser(db, 'supervisor', { unitId: unit.id });
    const elsewhere = await makeUser(db, 'supervisor', { unitId: (await makeUnit(db)).id });
    const customer = await makeCustomer(db, unit.id);
    const contact = await makeContact(db, customer.id);
    await makeClaim(db, customer.id, manager.id);
    const visitedAt = local('2026-11-03 14:30');
    const { id: visitId } = await createVisitReport({
      ctx: ctxAs(db, manager, new Date(visitedAt.getTime() + 3_600_000)),
      input: { customerId: customer.id, contactIds: [contact.id], newContacts: [], type: 'on_site', visitedAt: '2026-11-03T14:30', checkInMethod: 'none', purpose: '了解 5G 专线需求', summary: '' },
    });

    const mine = await listen(userChannel(manager.id));
    const theirs = await listen(userChannel(other.id));
    const staff = await listen(staffChannel());
    const unitSupervisor = await listen(userChannel(supervisor.id));
    const otherSupervisor = await listen(userChannel(elsewhere.id));
    // What the worker runs once the report committed.
    await assessmentProcessors['verdicts.visit']({ visitId, event: 'visit.reported' }, {} as Job);

    await waitFor(() => mine.events.some((e) => e.topic === 'visit'), "the manager's visit event");
    await waitFor(() => staff.events.some((e) => e.topic === 'visit'), "staff's visit event");
    expect(mine.events).toContainEqual({ topic: 'visit', id: visitId });
    expect(staff.events).toContainEqual({ topic: 'visit', id: visitId });
    await waitFor(() => unitSupervisor.events.length > 0, "the unit supervisor's visit event");
    expect(unitSupervisor.events).toEqual([{ topic: 'visit', id: visitId }]);
    // The page refreshed on it finds the verdict already stored.
    const [verdict] = await db.select().from(visitVerdicts).where(eq(visitVerdicts.visitId, visitId)).orderBy(desc(visitVerdicts.version)).limit(1);
    expect(verdict).toBeTruthy();
    // The event names the record and nothing about it.
    expect(Object.keys(mine.events[0]).sort()).toEqual(['id', 'topic']);
    await new Promise((r) => setTimeout(r, 200));
    expect(theirs.events).toEqual([]);
    expect(otherSupervisor.events).toEqual([]);
    await Promise.all([mine.stop(), theirs.stop(), staff.stop(), unitSupervisor.stop(), otherSupervisor.stop()]);
  });
});

describe("the live stream (/api/live/stream's source)", () => {
  it("carries only the signed-in user's own events, and the staff broadcast to staff alone", async () => {
    const manager = await makeUser(db, 'manager');
    const other = await makeUser(db, 'manager');
    const staff = await makeUser(db, 'staff');
    const abort = new AbortController();
    const m = read(liveEventStream({ ctx: ctxAs(db, manager), signal: abort.signal, hub, heartbeatMs: 100 }));
    const s = read(liveEventStream({ ctx: ctxAs(db, staff), signal: abort.signal, hub, heartbeatMs: 100 }));
    await waitFor(() => m.out.text.includes('event: ready') && s.out.text.includes('event: ready'), 'both streams subscribed');

    await publishLive({ users: [other.id] }, { topic: 'dispute', id: 'not-mine' });
    await publishLive({ staff: true }, { topic: 'queue', id: null });
    await publishLive({ users: [manager.id] }, { topic: 'notification', id: null });
    await publishLive({ users: [manager.id], staff: true }, { topic: 'dispute', id: 'mine' });
    await waitFor(() => m.out.text.includes('"id":"mine"') && s.out.text.includes('"id":"mine"'), 'the dispute event on both');
    await waitFor(() => m.out.text.includes(': ping'), 'a heartbeat');
    abort.abort();
    await Promise.all([m.done, s.done]);

    const changes = (text: string) =>
      text
        .split('\n\n')
        .filter((b) => b.startsWith('event: change'))
        .map((b) => JSON.parse(b.split('\ndata: ')[1]) as LiveEvent);
    expect(changes(m.out.text)).toEqual([
      { topic: 'notification', id: null },
      { topic: 'dispute', id: 'mine' },
    ]);
    expect(changes(s.out.text)).toEqual([
      { topic: 'queue', id: null },
      { topic: 'dispute', id: 'mine' },
    ]);
    expect(m.out.text).not.toContain('not-mine');
    expect(s.out.text).not.toContain('not-mine');
  });
});

describe('the desk outside calling hours', () => {
  it('names the calling hours themselves (agents cannot open 外呼规则), from the version staff saved', async () => {
    await makeCallbackWorld(db, { tasks: 2 });
    const [agent] = await makeAgents(db, 1);
    const staff = await makeUser(db, 'staff');
    // Friday 2026-11-27 10:00 Beijing time, after the one morning window of the saved version.
    const friday10 = local('2026-11-27 10:00');
    await savePolicyVersion({
      ctx: ctxAs(db, staff, friday10),
      input: {
        key: 'calling',
        effectiveFrom: '2026-11-27',
        value: { ...policyDefinitions.calling.defaults, windows: [{ start: '07:00', end: '08:30' }], weekdays: [1, 2, 3, 4, 5] },
      },
    });

    const refused = await takeNextCallback({ ctx: ctxAs(db, agent, friday10) }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OutsideCallingHoursError);
    expect(refused).toMatchObject({ code: 'callbacks.outsideHours', params: { opening: '2026-11-30 07:00', hours: '07:00–08:30' } });
    const { code, params } = refused as OutsideCallingHoursError;
    expect(translateError(code, params, 'zh-CN')).toBe('现在不在外呼时间内（外呼时段：07:00–08:30，北京时间），下次开放时间：2026-11-30 07:00。');

    // The desk's panel reads the same hours (with the working days) from the overview.
    const overview = await deskOverview({ ctx: ctxAs(db, agent, friday10) });
    expect(overview).toMatchObject({ withinHours: false, callingHours: { windows: [{ start: '07:00', end: '08:30' }], weekdays: [1, 2, 3, 4, 5], holidays: false } });
  });
});
