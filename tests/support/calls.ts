import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { callEvents, callbackTasks, calls } from '@/db/schema';
import { AMD_STATUS_PREFIX } from '@/lib/calling/call-record';

/**
 * The telephony provider's record of a call placed for a callback attempt, written as the
 * webhooks leave it (lib/telephony/webhooks.ts): the calls row with its attempt, both legs'
 * statuses and times, and the status and answering-machine events. Tests that record an outcome
 * need it as evidence — the outcome of an attempt must agree with the attempt's calls.
 *
 * - answered: the contact answered (detection: human) and talked for `talkSeconds`, then hung up;
 * - talking: the contact answered and the call is still on;
 * - machine: an answering machine answered (detection: machine_start);
 * - no_answer / busy / failed: the contact's leg ended so;
 * - ringing: the contact's phone is ringing now;
 * - agent_unanswered: only the agent's own phone rang, the contact was never dialled.
 */
export type ProviderCallResult = 'answered' | 'talking' | 'machine' | 'no_answer' | 'busy' | 'failed' | 'ringing' | 'agent_unanswered';

export async function providerCall(
  db: DbOrTx,
  options: {
    taskId: string;
    result: ProviderCallResult;
    /** Default: the task's holder. */
    agentId?: string;
    /** Default: the attempt under way (the task's attempts + 1). */
    attemptNo?: number;
    /** When the call was placed; default now. */
    at?: Date;
    talkSeconds?: number;
  },
) {
  const [task] = await db.select().from(callbackTasks).where(eq(callbackTasks.id, options.taskId));
  if (!task) throw new Error(`no task ${options.taskId}`);
  const agentId = options.agentId ?? task.holderId;
  if (!agentId) throw new Error('providerCall: the task is not held; pass agentId');
  const placedAt = options.at ?? new Date();
  const plus = (seconds: number) => new Date(placedAt.getTime() + seconds * 1000);
  const { result } = options;
  const talk = options.talkSeconds ?? 60;
  const answered = result === 'answered' || result === 'talking' || result === 'machine';
  const ended = result !== 'talking' && result !== 'ringing';

  const customerLeg: Record<ProviderCallResult, string | null> = {
    answered: 'completed',
    talking: 'in-progress',
    machine: 'completed',
    no_answer: 'no-answer',
    busy: 'busy',
    failed: 'failed',
    ringing: 'ringing',
    agent_unanswered: null,
  };
  const agentLeg = result === 'agent_unanswered' ? 'no-answer' : ended ? 'completed' : 'in-progress';
  const answeredAt = answered ? plus(8) : null;
  const endedAt = ended ? plus(answered ? 8 + (result === 'machine' ? 4 : talk) : 30) : null;
  const sid = `CA${randomUUID().replaceAll('-', '')}`;
  const legSid = customerLeg[result] ? `CA${randomUUID().replaceAll('-', '')}` : null;

  const [call] = await db
    .insert(calls)
    .values({
      taskId: task.id,
      agentId,
      attemptNo: options.attemptNo ?? task.attempts + 1,
      provider: 'emulator',
      sid,
      customerLegSid: legSid,
      agentNumber: '+8613900000001',
      customerNumber: '+8613800000002',
      callerId: '+862160000000',
      status: agentLeg,
      customerLegStatus: customerLeg[result],
      answeredAt,
      endedAt,
      durationSeconds: ended ? (answered ? (result === 'machine' ? 4 : talk) : 0) : null,
      createdAt: placedAt,
      updatedAt: endedAt ?? answeredAt ?? plus(2),
    })
    .returning();

  const events: (typeof callEvents.$inferInsert)[] = [];
  const event = (leg: 'agent' | 'customer', status: string, at: Date, sequence: number) =>
    events.push({ callId: call.id, leg, status, sequence, payload: { CallSid: leg === 'agent' ? sid : legSid!, CallStatus: status }, receivedAt: at });
  event('agent', 'initiated', plus(0), 0);
  event('agent', 'ringing', plus(1), 1);
  if (result !== 'agent_unanswered') {
    event('agent', 'in-progress', plus(2), 2);
    event('customer', 'initiated', plus(3), 0);
    event('customer', 'ringing', plus(4), 1);
  }
  if (answered) event('customer', 'in-progress', answeredAt!, 2);
  if (ended && customerLeg[result]) event('customer', customerLeg[result]!, endedAt!, 3);
  if (ended) event('agent', agentLeg, endedAt!, 3);
  await db.insert(callEvents).values(events);
  if (answered) {
    const by = result === 'machine' ? 'machine_start' : 'human';
    await db.insert(callEvents).values({ callId: call.id, leg: 'customer', status: `${AMD_STATUS_PREFIX}${by}`, sequence: 0, payload: { CallSid: legSid!, AnsweredBy: by }, receivedAt: plus(10) });
  }
  return call;
}

/** The contact answered the attempt's call and talked (the usual evidence of a reached outcome). */
export function answeredCall(db: DbOrTx, taskId: string, options: Omit<Parameters<typeof providerCall>[1], 'taskId' | 'result'> = {}) {
  return providerCall(db, { ...options, taskId, result: 'answered' });
}
