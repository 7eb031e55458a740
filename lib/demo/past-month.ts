import { and, eq, lte, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { callbackTasks, calls, users } from '@/db/schema';
import { renewLease, takeNextCallback } from '@/lib/desk/take';
import { makeCallbackDue } from '@/lib/callbacks/timer-verbs';
import { expireOverdueCallbacks } from '@/lib/callbacks/expire';
import { env } from '@/lib/platform/config/env';
import type { Ctx } from '@/lib/platform/core/context';
import { openDeskCallback } from '@/lib/desk/open';
import { submitCallback } from '@/lib/desk/submit';
import { loadTaskVisit } from '@/lib/desk/visit';
import { sampleMonth } from '@/lib/sampling/sample';
import { selectSpotChecks } from '@/lib/spot-checks/select';
import { hangUpCall, placeCall } from '@/lib/telephony/calls';
import { AMD_STATUS_PREFIX, isMachine } from '@/lib/calling/call-record';
import { dayOf, monthRange, parseLocalDateTime } from '@/lib/platform/time/zone';
import { ABSENT_MANAGERS, DEMO_ACCOUNTS, DOUBTFUL_MANAGERS } from './accounts';
import { spotCheckStoryAt, storyAnswers, storyAt, type ContactStory } from './contact-stories';
import { fileDemoVisit, type VisitFiling } from './visits';
import { actorOf } from '@/lib/auth/actor';

/**
 * Last month as the department lived it, in time order on a simulated clock: the managers file
 * their reports (the report form's verb); before each working half-day the catch-up samples what
 * came in (the sampling batch verb; after the month's end it also tops up), the callbacks that
 * came due become ready (the due timer's verb), and the agents work the queue at the desk — take
 * next, open the desk, place the call through the telephony layer (the Twilio emulator rings the
 * agent and dials the contact), hear the contact, hang up, submit the script's answers or the
 * outcome. Nobody answering is recorded by the call itself, as in production. The clock is every
 * verb's `now` and the webhooks' too, so every record carries the time it happened.
 *
 * Runs in its own process (past-month-process.ts): the telephony settings point at the emulator
 * and webhook server that process started.
 */
export interface PastMonthPlan {
  month: string;
  /** ISO instant: the department closes the month then; the agents' last half-day ends before. */
  closeAt: string;
  filings: VisitFiling[];
}

/** The simulated "now", read by the verbs and by the webhook server alike. */
export interface SimClock {
  now: Date;
}

export interface PastMonthSummary {
  filed: number;
  /** Spot-check callbacks drawn by the mornings' 电话抽查 selections. */
  spotChecks: number;
  calls: number;
  reached: number;
  stories: Partial<Record<ContactStory, number>>;
  states: Record<string, number>;
  /** Real seconds spent filing (and sampling), making callbacks due, and at the desk. */
  seconds: { filing: number; due: number; desk: number };
}

const MINUTE = 60_000;
/** Agents start the morning and the afternoon queue at these local times, for this long. */
const HALF_DAYS = ['09:30', '14:00'];
const HALF_DAY_MS = 150 * MINUTE;
/** How long the simulation waits (real time) for the emulator to get a call somewhere. */
const CALL_TIMEOUT_MS = 15_000;

/**
 * The agents' half-days: every working day (Mon–Fri) of the month, and the first days of the next
 * month up to the close (the month's last callbacks and retries are worked then, whatever the weekday).
 */
export function workingHalfDays(month: string, closeAt: Date, tz: string): Date[] {
  const { start, end } = monthRange(month, tz);
  const slots: Date[] = [];
  for (let day = start; day.getTime() < closeAt.getTime(); day = new Date(day.getTime() + 86_400_000)) {
    const local = dayOf(new Date(day.getTime() + 12 * 3600_000), tz);
    const weekday = new Date(`${local}T12:00:00Z`).getUTCDay();
    if (day.getTime() < end.getTime() && (weekday === 0 || weekday === 6)) continue;
    for (const time of HALF_DAYS) {
      const at = parseLocalDateTime(`${local} ${time}`, tz)!;
      if (at.getTime() + HALF_DAY_MS <= closeAt.getTime()) slots.push(at);
    }
  }
  return slots;
}

async function waitFor<T>(probe: () => Promise<T | null>, what: string): Promise<T> {
  const deadline = Date.now() + CALL_TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`demo: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

export async function workPastMonth(db: Db, plan: PastMonthPlan, o: { clock: SimClock; log: (line: string) => void }): Promise<PastMonthSummary> {
  const tz = env().APP_TIMEZONE;
  const clock = o.clock;
  const allUsers = await db.select().from(users);
  const usersById = new Map(allUsers.map((u) => [u.id, u]));
  const agents = DEMO_ACCOUNTS.filter((a) => a.role === 'agent').map((a) => actorOf(allUsers.find((u) => u.username === a.username)!));
  const closeAt = new Date(plan.closeAt);
  const catchUpAt = new Date(monthRange(plan.month, tz).end.getTime() + 30 * MINUTE);
  const filings = [...plan.filings].sort((a, b) => a.reportedAt.localeCompare(b.reportedAt));
  const summary: PastMonthSummary = { filed: 0, spotChecks: 0, calls: 0, reached: 0, stories: {}, states: {}, seconds: { filing: 0, due: 0, desk: 0 } };
  const timed = async (phase: keyof PastMonthSummary['seconds'], work: () => Promise<void>) => {
    const started = performance.now();
    await work();
    summary.seconds[phase] += Math.round(performance.now() - started) / 1000;
  };
  /** Each manager's callbacks that reached a person, in order (spot checks apart): the next story. */
  const reachedOf = new Map<string, number>();
  const spotCheckReachedOf = new Map<string, number>();
  /** A contact who asked to be called back tells the rest of the story then. */
  const story = new Map<string, ContactStory>();

  let next = 0;
  /** The reports filed up to `until`; the catch-up then samples them (and tops up once the month is over). */
  const fileAndSample = async (until: Date) => {
    let filed = 0;
    while (next < filings.length && Date.parse(filings[next].reportedAt) <= until.getTime()) {
      const filing = filings[next++];
      clock.now = new Date(filing.reportedAt);
      await fileDemoVisit(db, filing, usersById);
      filed++;
    }
    clock.now = until;
    if (filed > 0 || until.getTime() >= catchUpAt.getTime()) await sampleMonth(db, plan.month, { now: until, timeZone: tz });
    summary.filed += filed;
  };

  const makeDue = async (at: Date) => {
    clock.now = at;
    // The reconcile's deadline pass: a spot check not asked in time is cancelled as expired.
    await expireOverdueCallbacks({ db, now: at });
    const due = await db
      .select({ id: callbackTasks.id, nextAttemptAt: callbackTasks.nextAttemptAt })
      .from(callbackTasks)
      .where(and(eq(callbackTasks.state, 'waiting'), lte(callbackTasks.nextAttemptAt, at)));
    for (const t of due) await makeCallbackDue({ db, now: at, input: { taskId: t.id, dueAt: t.nextAttemptAt.getTime() } });
  };

  /** What the contact of a callback says when they answer: their manager's next story, kept for a call back. */
  const storyOf = async (taskId: string, at: Date): Promise<ContactStory> => {
    const known = story.get(taskId);
    if (known) return known === 'callsBackLater' ? 'confirms' : known;
    const [{ managerId, kind }] = await db.select({ managerId: callbackTasks.managerId, kind: callbackTasks.kind }).from(callbackTasks).where(eq(callbackTasks.id, taskId));
    const username = usersById.get(managerId)?.username ?? '';
    const counter = kind === 'spot_check' ? spotCheckReachedOf : reachedOf;
    const n = counter.get(managerId) ?? 0;
    counter.set(managerId, n + 1);
    let told =
      kind === 'spot_check'
        ? spotCheckStoryAt(ABSENT_MANAGERS.includes(username) ? 'absent' : DOUBTFUL_MANAGERS.includes(username) ? 'doubtful' : 'confirmed', n)
        : storyAt(DOUBTFUL_MANAGERS.includes(username) ? 'doubtful' : 'confirmed', n);
    // Asked to call back the next morning when the month is closed by then: they answer now.
    if (told === 'callsBackLater' && callBackAt(at).getTime() + HALF_DAY_MS > closeAt.getTime()) told = 'confirms';
    story.set(taskId, told);
    return told;
  };
  const callBackAt = (at: Date) => parseLocalDateTime(`${dayOf(new Date(at.getTime() + 86_400_000), tz)} 10:00`, tz)!;

  /** One agent's call, up to the contact answering (a person) or the call ending by itself. */
  const dial = async (ctx: Ctx, taskId: string) => {
    const view = await openDeskCallback({ ctx });
    const call = await placeCall({ ctx, input: { taskId } });
    summary.calls++;
    const heard = await waitFor(async () => {
      const [row] = (await db.execute(sql`
        select c.ended_at is not null or c.error_code is not null as ended,
               (select substr(e.status, ${AMD_STATUS_PREFIX.length + 1}) from call_events e
                 where e.call_id = c.id and e.status like ${AMD_STATUS_PREFIX + '%'} limit 1) as "answeredBy"
          from calls c where c.id = ${call.id}::uuid`)) as unknown as { ended: boolean; answeredBy: string | null }[];
      if (row.ended) return 'ended' as const;
      return row.answeredBy && !isMachine(row.answeredBy) ? ('person' as const) : null;
    }, 'the call to be answered or to end');
    return { view, callId: call.id, reached: heard === 'person' };
  };

  /** The conversation is over: the agent hangs up and submits what the contact said. */
  const finish = async (ctx: Ctx, taskId: string, d: Awaited<ReturnType<typeof dial>>, told: ContactStory) => {
    await renewLease({ ctx, input: { taskId } });
    await hangUpCall({ ctx, input: { callId: d.callId } });
    await waitFor(async () => {
      const [row] = await db.select({ endedAt: calls.endedAt }).from(calls).where(eq(calls.id, d.callId));
      return row.endedAt ? true : null;
    }, 'the call to end after hanging up');
    if (told === 'refuses') await submitCallback({ ctx, input: { taskId, outcome: 'refused', notes: '客户表示工作繁忙，不愿接受回访。' } });
    else if (told === 'callsBackLater') {
      await submitCallback({ ctx, input: { taskId, outcome: 'appointment', appointmentAt: callBackAt(clock.now).toISOString(), notes: '客户正在开会，约明天上午十点再打。' } });
    } else {
      if (!d.view?.script) throw new Error('demo: no callback script assigned');
      const truth = (await loadTaskVisit(db, taskId)).context;
      const answers = storyAnswers(d.view.script.definition, truth, told);
      await submitCallback({ ctx, input: { taskId, outcome: 'completed', answers, notes: told === 'confirms' ? '' : '已按客户原话记录。' } });
    }
  };

  /**
   * A half-day at the desk: the agents take the next callback one after the other, call at the
   * same time, talk for a few minutes, hang up and submit — round after round until the queue is
   * empty or the half-day is over.
   */
  const workHalfDay = async (start: Date) => {
    for (let at = start.getTime(); at < start.getTime() + HALF_DAY_MS; at += 5 * MINUTE) {
      clock.now = new Date(at);
      const round: { ctx: Ctx; taskId: string }[] = [];
      for (const agent of agents) {
        const ctx: Ctx = { db, actor: agent, now: () => clock.now };
        const taken = await takeNextCallback({ ctx });
        if (taken.status === 'held') round.push({ ctx, taskId: taken.task.id });
      }
      if (round.length === 0) return;
      const dialled = await Promise.all(round.map((r) => dial(r.ctx, r.taskId)));
      const reached = round.map((r, i) => ({ ...r, d: dialled[i] })).filter((r) => r.d.reached);
      summary.reached += reached.length;
      const told: ContactStory[] = [];
      for (const r of reached) told.push(await storyOf(r.taskId, clock.now));
      for (const t of told) summary.stories[t] = (summary.stories[t] ?? 0) + 1;
      clock.now = new Date(at + 3 * MINUTE);
      await Promise.all(reached.map((r, i) => finish(r.ctx, r.taskId, r.d, told[i])));
    }
  };

  /** Each working morning of the month the worker draws the day's 电话抽查 (before the first calls). */
  const drawSpotChecks = async (slot: Date) => {
    const day = dayOf(slot, tz);
    if (!day.startsWith(plan.month) || spotCheckDays.has(day)) return;
    spotCheckDays.add(day);
    clock.now = parseLocalDateTime(`${day} 08:15`, tz)!;
    summary.spotChecks += (await selectSpotChecks(db, { day, now: clock.now })).created;
  };
  const spotCheckDays = new Set<string>();

  for (const slot of workingHalfDays(plan.month, closeAt, tz)) {
    await timed('due', () => drawSpotChecks(slot));
    await timed('filing', () => fileAndSample(slot));
    await timed('due', () => makeDue(slot));
    await timed('desk', () => workHalfDay(slot));
  }
  // The rest (all filed before the close, unless the demo is seeded so early that nobody worked yet).
  await timed('filing', () => fileAndSample(new Date(Math.max(closeAt.getTime(), Date.parse(filings.at(-1)?.reportedAt ?? plan.closeAt)))));
  const states = await db.select({ state: callbackTasks.state }).from(callbackTasks);
  for (const s of states) summary.states[s.state] = (summary.states[s.state] ?? 0) + 1;
  return summary;
}
